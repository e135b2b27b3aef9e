// CustomResourceDefinitions (apiextensions.k8s.io/v1): validated on write, served as soon as they are
// stored (registration happens synchronously, so a custom resource can be created right after its
// CRD), reported Established, and withdrawn with all their objects when deleted. Custom objects are
// stored as sent: no schema validation, pruning, defaulting or version conversion.

import { z } from 'zod';
import { invalid, required, unsupported } from '../admission/metadata.js';
import type { StatusCause } from '../errors.js';
import type { ObjectService } from '../objects.js';
import { type ResourceType, typeKey } from '../resources.js';
import type { KubeObject } from '../types.js';
import { condition, typeOf } from './common.js';

const CRD = 'apiextensions.k8s.io/customresourcedefinitions';

const scaleSchema = z.looseObject({
  specReplicasPath: z.string(),
  statusReplicasPath: z.string(),
  labelSelectorPath: z.string().optional(),
});

const crdSpecSchema = z.looseObject({
  group: z.string().min(1),
  scope: z.enum(['Namespaced', 'Cluster']),
  names: z.looseObject({
    plural: z.string().min(1),
    singular: z.string().optional(),
    kind: z.string().min(1),
    shortNames: z.array(z.string()).optional(),
    listKind: z.string().optional(),
  }),
  versions: z
    .array(
      z.looseObject({
        name: z.string(),
        served: z.boolean(),
        storage: z.boolean(),
        subresources: z.looseObject({ status: z.unknown().optional(), scale: scaleSchema.optional() }).optional(),
      }),
    )
    .min(1),
});

/** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
function versionRank(version: string): [number, number, number] {
  const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!match) return [0, 0, 0];
  const stability = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
  return [stability, Number(match[1]), Number(match[3] ?? 0)];
}

function byPriority(a: string, b: string): number {
  const [x, y] = [versionRank(a), versionRank(b)];
  return y[0] - x[0] || y[1] - x[1] || y[2] - x[2] || a.localeCompare(b);
}

export function resourceTypeOf(crd: KubeObject): ResourceType | undefined {
  const parsed = crdSpecSchema.safeParse(crd.spec);
  if (!parsed.success) return undefined;
  const spec = parsed.data;
  const served = spec.versions.filter((v) => v.served);
  const scale = served.map((v) => v.subresources?.scale).find((s) => s !== undefined);
  const hasStatus = served.some((v) => v.subresources?.status !== undefined);
  return {
    group: spec.group,
    versions: served.map((v) => v.name).sort(byPriority),
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    kind: spec.names.kind,
    namespaced: spec.scope === 'Namespaced',
    shortNames: spec.names.shortNames ?? [],
    subresources: {
      ...(hasStatus ? { status: ['get', 'patch', 'update'] } : {}),
      ...(scale ? { scale: ['get', 'patch', 'update'] } : {}),
    },
    fieldSelectors: [],
    builtin: false,
    ...(scale ? { scale } : {}),
  };
}

function admitCrd(crd: KubeObject): StatusCause[] {
  const parsed = crdSpecSchema.safeParse(crd.spec);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) =>
      issue.code === 'invalid_value'
        ? unsupported(`spec.${issue.path.join('.')}`, issue.input, issue.values.map(String))
        : required(`spec.${issue.path.join('.')}`),
    );
  }
  const spec = parsed.data;
  const causes: StatusCause[] = [];
  const expected = `${spec.names.plural}.${spec.group}`;
  if (crd.metadata.name !== expected) {
    causes.push(invalid('metadata.name', crd.metadata.name, `must be spec.names.plural+"."+spec.group`));
  }
  if (spec.versions.filter((v) => v.storage).length !== 1) {
    causes.push(
      invalid(
        'spec.versions',
        spec.versions.map((v) => v.name),
        'must have exactly one version marked as storage version',
      ),
    );
  }
  if (!spec.group.includes('.'))
    causes.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  return causes;
}

/** Registers CRD types synchronously (inside the store listener) and updates CRD status later. */
export class CrdController {
  readonly #crdType: ResourceType;

  constructor(private readonly objects: ObjectService) {
    this.#crdType = typeOf(objects.registry, CRD);
    objects.admissionHooks.set(CRD, admitCrd);
  }

  start(): () => void {
    for (const crd of this.objects.list(this.#crdType, undefined)) this.#register(crd);
    return this.objects.store.subscribe((event) => {
      if (event.typeKey !== CRD) return;
      const crd = event.object;
      if (event.type === 'DELETED') {
        setImmediate(() => this.#withdraw(crd));
        return;
      }
      // Registered synchronously so the type is served before the create call returns.
      this.#register(crd);
      setImmediate(() => this.#establish(crd));
    });
  }

  #register(crd: KubeObject): void {
    const type = resourceTypeOf(crd);
    if (type) this.objects.registry.register(type);
  }

  #establish(crd: KubeObject): void {
    const spec = crdSpecSchema.safeParse(crd.spec);
    if (!spec.success) return;
    const storage = spec.data.versions.find((v) => v.storage)?.name ?? '';
    this.objects.setStatus(this.#crdType, undefined, crd.metadata.name ?? '', {
      acceptedNames: spec.data.names,
      conditions: [
        condition(crd.status, 'NamesAccepted', true, 'NoConflicts', 'no conflicts found'),
        condition(crd.status, 'Established', true, 'InitialNamesAccepted', 'the initial names have been accepted'),
      ],
      storedVersions: [storage],
    });
  }

  #withdraw(crd: KubeObject): void {
    const type = resourceTypeOf(crd);
    if (!type) return;
    const key = typeKey(type.group, type.plural);
    for (const object of this.objects.store.list(key)) {
      this.objects.store.remove(key, object.metadata.namespace, object.metadata.name ?? '');
    }
    this.objects.registry.unregister(key);
  }
}

/**
 * Which subjects a policy selects, as a pure function over what the caller listed from each cluster: Kubernetes label
 * selector matching, workloads bound to blueprints by Kasten's annotation, RDS identifiers read from ConfigMaps.
 * Each subject gets a stable id `<cluster>/<ns>/<kind>/<name>`, the key of its restore points (`APP#<id>`).
 *
 * What is selected:
 * - workloads: the `refs`, plus (with `annotated: true`) every workload carrying `kanister.kasten.io/blueprint` in the
 *   selected namespaces (every namespace when `namespaces` is omitted), optionally only for the listed blueprints;
 * - namespaces named or matched by `namespaces` in which no workload was selected become Namespace subjects, when the
 *   policy captures manifests or CSI snapshots (otherwise there is nothing to do for them);
 * - RDS databases by id (in the named or only cluster) or read from a ConfigMap in each cluster that has it; a
 *   database reached twice is one subject.
 */
import { rdsIdentifierRule } from './aws-names.js';
import type { LabelSelector, Policy, PolicySpec, WorkloadKind } from './schema.js';

export const BLUEPRINT_ANNOTATION = 'kanister.kasten.io/blueprint';

export interface ListedNamespace {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ListedWorkload {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly namespace: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ListedConfigMap {
  readonly namespace: string;
  readonly name: string;
  readonly data?: Readonly<Record<string, string>>;
}

/** What the caller listed from one cluster. ConfigMaps: those `configMapsToRead` names are enough. */
export interface ClusterInventory {
  readonly cluster: string;
  readonly namespaces: readonly ListedNamespace[];
  readonly workloads: readonly ListedWorkload[];
  readonly configMaps?: readonly ListedConfigMap[];
}

export type SubjectKind = WorkloadKind | 'Namespace' | 'DBInstance' | 'DBCluster';

export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

export interface Subject {
  /** `<cluster>/<ns>/<kind>/<name>` */
  readonly id: string;
  readonly cluster: string;
  readonly region: string;
  readonly namespace: string;
  readonly kind: SubjectKind;
  readonly name: string;
  /** The object blueprint actions run against (Kanister's ActionSet `object`); none for an RDS id. */
  readonly object?: ObjectRef;
  /** The blueprint the workload's annotation binds. */
  readonly blueprint?: string;
  /** Hook actions to run around the capture (a workload only; the run skips actions its blueprint lacks). */
  readonly hooks?: { readonly blueprint: string; readonly actions: readonly string[] };
  /** Blueprint whose `backup` action captures the subject, when the policy asks for one. */
  readonly backupBlueprint?: string;
  readonly rds?: { readonly type: 'instance' | 'cluster'; readonly identifier: string; readonly region: string };
}

/** Something a policy names that the listing does not have; the trigger logs these and runs the rest. */
export interface SubjectProblem {
  readonly cluster: string;
  readonly message: string;
}

export interface SubjectResolution {
  /** Sorted by id. */
  readonly subjects: Subject[];
  readonly problems: SubjectProblem[];
}

export function subjectId(cluster: string, namespace: string, kind: string, name: string): string {
  return `${cluster}/${namespace}/${kind}/${name}`;
}

/** Kubernetes semantics: every requirement must hold; an empty selector matches everything. */
export function matchesLabelSelector(selector: LabelSelector, labels: Readonly<Record<string, string>> = {}): boolean {
  const has = (key: string) => Object.hasOwn(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || labels[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every((r) => {
    const inValues = has(r.key) && (r.values ?? []).includes(labels[r.key] ?? '');
    if (r.operator === 'In') return inValues;
    if (r.operator === 'NotIn') return !inValues;
    return r.operator === 'Exists' ? has(r.key) : !has(r.key);
  });
}

/** The ConfigMaps the caller must read (per cluster) before resolving. */
export function configMapsToRead(policy: Policy | PolicySpec): { cluster: string; namespace: string; name: string }[] {
  const spec = specOf(policy);
  return (spec.subjects.rds ?? []).flatMap((r) =>
    r.configMap
      ? clustersFor(spec, r.cluster).map((c) => ({
          cluster: c.name,
          namespace: r.configMap?.namespace ?? '',
          name: r.configMap?.name ?? '',
        }))
      : [],
  );
}

export function resolveSubjects(
  policy: Policy | PolicySpec,
  inventories: readonly ClusterInventory[],
): SubjectResolution {
  const spec = specOf(policy);
  const subjects = new Map<string, Subject>();
  const problems: SubjectProblem[] = [];
  for (const cluster of spec.subjects.clusters) {
    const inv = inventories.find((i) => i.cluster === cluster.name);
    if (!inv) {
      problems.push({
        cluster: cluster.name,
        message: 'no listing for this cluster; none of its subjects were resolved',
      });
      continue;
    }
    const workloads = workloadSubjects(spec, cluster, inv, problems);
    const taken = new Set(workloads.map((s) => s.namespace));
    for (const s of [...workloads, ...namespaceSubjects(spec, cluster, inv, taken)]) {
      if (!subjects.has(s.id)) subjects.set(s.id, s);
    }
  }
  const databases = new Set<string>();
  for (const s of rdsSubjects(spec, inventories, problems)) {
    const key = `${s.rds?.region}/${s.rds?.type}/${s.rds?.identifier}`;
    if (!databases.has(key)) {
      databases.add(key);
      subjects.set(s.id, s);
    }
  }
  return { subjects: [...subjects.values()].sort((a, b) => a.id.localeCompare(b.id)), problems };
}

type Cluster = PolicySpec['subjects']['clusters'][number];

function specOf(policy: Policy | PolicySpec): PolicySpec {
  return 'spec' in policy ? policy.spec : policy;
}

function clustersFor(spec: PolicySpec, name: string | undefined): Cluster[] {
  return name ? spec.subjects.clusters.filter((c) => c.name === name) : spec.subjects.clusters;
}

function selectedNamespaces(spec: PolicySpec, inv: ClusterInventory): Set<string> {
  const sel = spec.subjects.namespaces;
  const all = !sel || (sel.names === undefined && sel.selector === undefined);
  return new Set(
    inv.namespaces
      .filter(
        (ns) => all || sel.names?.includes(ns.name) || (sel.selector && matchesLabelSelector(sel.selector, ns.labels)),
      )
      .map((ns) => ns.name),
  );
}

function workloadSubjects(
  spec: PolicySpec,
  cluster: Cluster,
  inv: ClusterInventory,
  problems: SubjectProblem[],
): Subject[] {
  const w = spec.subjects.workloads;
  const picked: ListedWorkload[] = [];
  if (w?.annotated) {
    const namespaces = selectedNamespaces(spec, inv);
    for (const wl of inv.workloads) {
      const bp = wl.annotations?.[BLUEPRINT_ANNOTATION];
      if (bp && namespaces.has(wl.namespace) && (!w.blueprints || w.blueprints.includes(bp))) picked.push(wl);
    }
  }
  for (const ref of w?.refs ?? []) {
    const found = inv.workloads.find(
      (x) => x.kind === ref.kind && x.name === ref.name && x.namespace === ref.namespace,
    );
    if (found) picked.push(found);
    else problems.push({ cluster: cluster.name, message: `${ref.kind} ${ref.namespace}/${ref.name} not found` });
  }
  return picked.map((wl) => workloadSubject(spec, cluster, wl, problems));
}

function workloadSubject(spec: PolicySpec, cluster: Cluster, wl: ListedWorkload, problems: SubjectProblem[]): Subject {
  const bound = wl.annotations?.[BLUEPRINT_ANNOTATION];
  const hookBlueprint = spec.hooks?.blueprint ?? bound;
  const backupBlueprint = spec.capture.blueprintBackup ? (spec.capture.blueprintBackup.blueprint ?? bound) : undefined;
  if (spec.capture.blueprintBackup && !backupBlueprint) {
    problems.push({
      cluster: cluster.name,
      message: `${wl.kind} ${wl.namespace}/${wl.name} has no blueprint for capture.blueprintBackup: annotate it or name one`,
    });
  }
  return {
    id: subjectId(cluster.name, wl.namespace, wl.kind, wl.name),
    cluster: cluster.name,
    region: cluster.region,
    namespace: wl.namespace,
    kind: wl.kind,
    name: wl.name,
    object: { kind: wl.kind, name: wl.name, namespace: wl.namespace },
    ...(bound ? { blueprint: bound } : {}),
    ...(hookBlueprint
      ? { hooks: { blueprint: hookBlueprint, actions: spec.hooks?.actions ?? ['backupPrehook', 'backupPosthook'] } }
      : {}),
    ...(backupBlueprint ? { backupBlueprint } : {}),
  };
}

function namespaceSubjects(spec: PolicySpec, cluster: Cluster, inv: ClusterInventory, taken: Set<string>): Subject[] {
  if (!spec.subjects.namespaces || !(spec.capture.manifests || spec.capture.csiSnapshots)) return [];
  return [...selectedNamespaces(spec, inv)]
    .filter((ns) => !taken.has(ns))
    .map((ns) => ({
      id: subjectId(cluster.name, ns, 'Namespace', ns),
      cluster: cluster.name,
      region: cluster.region,
      namespace: ns,
      kind: 'Namespace' as const,
      name: ns,
      object: { kind: 'Namespace', name: ns, namespace: ns },
    }));
}

function rdsSubjects(
  spec: PolicySpec,
  inventories: readonly ClusterInventory[],
  problems: SubjectProblem[],
): Subject[] {
  const backupBlueprint = spec.capture.blueprintBackup?.blueprint;
  return (spec.subjects.rds ?? []).flatMap((r) =>
    clustersFor(spec, r.cluster).flatMap((cluster): Subject[] => {
      const found = r.configMap
        ? readIdentifier(r.configMap, inventories, cluster.name, problems)
        : (r.instanceId ?? r.clusterId);
      const inv = inventories.find((i) => i.cluster === cluster.name);
      if (!found || (r.configMap && !inv)) return [];
      const type = r.clusterId || r.type === 'cluster' ? 'cluster' : 'instance';
      const kind = type === 'cluster' ? 'DBCluster' : 'DBInstance';
      const namespace = r.configMap?.namespace ?? r.namespace ?? '';
      return [
        {
          id: subjectId(cluster.name, namespace, kind, found),
          cluster: cluster.name,
          region: r.region ?? cluster.region,
          namespace,
          kind,
          name: found,
          ...(r.configMap ? { object: { kind: 'ConfigMap', name: r.configMap.name, namespace } } : {}),
          ...(backupBlueprint && r.configMap ? { backupBlueprint } : {}),
          rds: { type, identifier: found, region: r.region ?? cluster.region },
        },
      ];
    }),
  );
}

function readIdentifier(
  ref: { namespace: string; name: string; key: string },
  inventories: readonly ClusterInventory[],
  cluster: string,
  problems: SubjectProblem[],
): string | undefined {
  const inv = inventories.find((i) => i.cluster === cluster);
  if (!inv) return undefined;
  const cm = inv.configMaps?.find((c) => c.namespace === ref.namespace && c.name === ref.name);
  const value = cm?.data?.[ref.key];
  const where = `ConfigMap ${ref.namespace}/${ref.name}`;
  if (!cm) problems.push({ cluster, message: `${where} not found` });
  else if (value === undefined) problems.push({ cluster, message: `${where} has no key "${ref.key}"` });
  else if (!rdsIdentifierRule.pattern.test(value)) {
    problems.push({
      cluster,
      message: `${where} key "${ref.key}" holds "${value}", which ${rdsIdentifierRule.message}`,
    });
  } else return value;
  return undefined;
}

/**
 * Captures a namespace as manifests: the Namespace itself, every object of every namespaced type discovery lists
 * (less the types and objects `clean.ts` skips, with why), cleaned; and the CustomResourceDefinitions of the custom
 * resources found, so ApplyManifests can recreate them first. Objects are produced page by page as an async
 * iterable, so a large namespace streams to the location without being held in memory.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { Logger } from '../../blueprint/run-context.js';
import { ApiRequestError, apiJson, isNotFound } from '../proxy.js';
import {
  cleanManifest,
  type Manifest,
  type ManifestMetadata,
  skippedObjectReason,
  skippedTypeReason,
} from './clean.js';
import { collectionPath, discoverResourceTypes, type ResourceType } from './discovery.js';

export interface CaptureOptions {
  readonly namespace: string;
  /** Only these kinds (case-insensitive); the Namespace object is always captured unless excluded. */
  readonly includeKinds?: readonly string[];
  readonly excludeKinds?: readonly string[];
  readonly includeSecrets: boolean;
  readonly signal: AbortSignal;
  /** Told about every Secret value captured, so that it is redacted from anything the run logs or reports. */
  readonly onSecretValue: (value: string) => void;
  /** Hears about objects left out and API groups discovery could not read (never object content). */
  readonly log: Logger;
}

/** Objects asked for per list request: bounds memory for namespaces with thousands of objects. */
const PAGE_SIZE = 250;

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** An object as a GET or list returns it: lists leave out `apiVersion` and `kind`, so they are set from the type. */
interface ServedObject {
  readonly metadata: ManifestMetadata;
  readonly [field: string]: unknown;
}

export class NamespaceNotFoundError extends Error {
  override readonly name = 'NamespaceNotFoundError';
  constructor(readonly namespace: string) {
    super(`namespace ${namespace} does not exist`);
  }
}

export async function* captureNamespace(config: KubeConfig, options: CaptureOptions): AsyncGenerator<Manifest> {
  const { namespace, signal } = options;
  const wanted = kindFilter(options);
  const nsObject = await apiJson<ServedObject>(config, 'GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`, {
    signal,
  }).catch((error: unknown) => {
    throw isNotFound(error) ? new NamespaceNotFoundError(namespace) : error;
  });
  if (!options.excludeKinds?.some((k) => k.toLowerCase() === 'namespace')) {
    yield cleanManifest({ apiVersion: 'v1', kind: 'Namespace', ...nsObject });
  }
  const { types, gaps } = await discoverResourceTypes(config, signal);
  for (const gap of gaps) options.log.warn('API group not captured: its discovery failed', { ...gap });
  const customTypes: ResourceType[] = [];
  for (const type of types.filter((t) => t.namespaced && wanted(t.kind))) {
    const skipped = skippedTypeReason(type);
    if (skipped) continue;
    let found = false;
    for await (const object of listAll(config, type, namespace, signal)) {
      const reason = skippedObjectReason(object);
      if (reason) {
        options.log.debug('object not captured', { kind: object.kind, name: object.metadata.name, reason });
        continue;
      }
      if (object.kind === 'Secret') registerSecret(object, options.onSecretValue);
      found = true;
      yield cleanManifest(object);
    }
    if (found && type.group.includes('.')) customTypes.push(type);
  }
  yield* definitionsOf(config, customTypes, options);
}

function kindFilter(options: CaptureOptions): (kind: string) => boolean {
  const include = options.includeKinds?.map((k) => k.toLowerCase());
  const exclude = new Set(options.excludeKinds?.map((k) => k.toLowerCase()));
  if (!options.includeSecrets) exclude.add('secret');
  return (kind) => {
    const k = kind.toLowerCase();
    return !exclude.has(k) && (include === undefined || include.includes(k));
  };
}

async function* listAll(
  config: KubeConfig,
  type: ResourceType,
  namespace: string,
  signal: AbortSignal,
): AsyncGenerator<Manifest> {
  let token: string | undefined;
  do {
    const query = `?limit=${PAGE_SIZE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
    const page = await apiJson<{ items?: ServedObject[]; metadata?: { continue?: string } }>(
      config,
      'GET',
      `${collectionPath(type, namespace)}${query}`,
      { signal },
    );
    // List items carry no apiVersion/kind of their own.
    for (const item of page.items ?? []) yield { apiVersion: type.apiVersion, kind: type.kind, ...item };
    token = page.metadata?.continue || undefined;
  } while (token);
}

/** The CRDs behind the custom resources captured; types served by built-in or aggregated APIs have none. */
async function* definitionsOf(
  config: KubeConfig,
  types: readonly ResourceType[],
  options: CaptureOptions,
): AsyncGenerator<Manifest> {
  const names = new Set(types.map((t) => `${t.resource}.${t.group}`));
  for (const name of names) {
    try {
      const crd = await apiJson<ServedObject>(config, 'GET', `${CRDS}/${encodeURIComponent(name)}`, {
        signal: options.signal,
      });
      yield cleanManifest({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', ...crd });
    } catch (error) {
      if (isNotFound(error)) continue;
      // Reading CRDs needs a cluster-scoped permission a namespace-scoped role may lack: the instances are still
      // captured, and ApplyManifests needs the CRD installed already.
      if (!(error instanceof ApiRequestError && error.code === 403)) throw error;
      options.log.warn('CRD not captured: reading it is forbidden', { crd: name });
    }
  }
}

function registerSecret(secret: Manifest, register: (value: string) => void): void {
  for (const field of ['data', 'stringData'] as const) {
    const values = secret[field];
    if (typeof values !== 'object' || values === null) continue;
    for (const value of Object.values(values)) {
      if (typeof value !== 'string') continue;
      register(field === 'data' ? Buffer.from(value, 'base64').toString('utf8') : value);
    }
  }
}

/**
 * One YAML document (`---` first) per manifest, written for YAML 1.1 readers (kubectl): strings such as `yes`,
 * `on` or `0755` are quoted so they stay strings. Long strings are never folded, so certificates stay intact.
 */
export function toYamlDocument(manifest: Manifest): string {
  return `---\n${stringify(manifest, { lineWidth: 0, version: '1.1' })}`;
}

// Parses API paths (`/api/v1/namespaces/ns/pods/name/log`, `/apis/apps/v1/watch/...`) into the
// resource type, namespace, name, subresource and the raw remainder (the proxied path).

import { BadRequestError, UnknownResourceError } from '../errors.js';
import type { ResourceRegistry, ResourceType } from '../resources.js';

export interface ResourceTarget {
  type: ResourceType;
  version: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** Raw (still percent-encoded) path after the subresource, e.g. `/healthz` for proxy. */
  rest: string;
  /** Legacy `/watch/` path prefix. */
  watchPrefix: boolean;
}

export type DiscoveryTarget =
  | { kind: 'api' }
  | { kind: 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; group: string; version: string }
  | { kind: 'version' }
  | { kind: 'health' };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequestError(`invalid path segment: ${segment}`);
  }
}

export function parseDiscovery(pathname: string): DiscoveryTarget | undefined {
  const clean = pathname.replace(/\/+$/, '') || '/';
  if (clean === '/api') return { kind: 'api' };
  if (clean === '/apis') return { kind: 'apis' };
  if (clean === '/version') return { kind: 'version' };
  if (['/healthz', '/livez', '/readyz'].includes(clean)) return { kind: 'health' };
  const parts = clean.split('/').slice(1);
  if (parts[0] === 'api' && parts.length === 2) return { kind: 'groupVersion', group: '', version: parts[1] ?? '' };
  if (parts[0] === 'apis' && parts.length === 2) return { kind: 'group', group: parts[1] ?? '' };
  if (parts[0] === 'apis' && parts.length === 3) {
    return { kind: 'groupVersion', group: parts[1] ?? '', version: parts[2] ?? '' };
  }
  return undefined;
}

interface Located {
  group: string;
  version: string;
  segments: string[];
}

function locate(pathname: string): Located | undefined {
  const parts = pathname.split('/').slice(1);
  if (parts[0] === 'api' && parts.length >= 3) return { group: '', version: parts[1] ?? '', segments: parts.slice(2) };
  if (parts[0] === 'apis' && parts.length >= 4) {
    return { group: parts[1] ?? '', version: parts[2] ?? '', segments: parts.slice(3) };
  }
  return undefined;
}

export function parseResourcePath(pathname: string, registry: ResourceRegistry): ResourceTarget {
  const located = locate(pathname);
  if (!located) throw new UnknownResourceError();
  const { group, version } = located;
  let segments = located.segments;
  const watchPrefix = segments[0] === 'watch';
  if (watchPrefix) segments = segments.slice(1);
  let namespace: string | undefined;
  const namespaces = registry.resolve('', 'v1', 'namespaces');
  const namespaceSub = segments.length >= 3 && segments[0] === 'namespaces' && group === '';
  const isNamespaceSubresource = namespaceSub && namespaces?.subresources[segments[2] ?? ''] !== undefined;
  if (segments[0] === 'namespaces' && segments.length >= 3 && !isNamespaceSubresource) {
    namespace = decode(segments[1] ?? '');
    segments = segments.slice(2);
  }
  const [plural = '', rawName, subresource, ...rest] = segments;
  const type = registry.resolve(group, version, plural);
  if (!type) throw new UnknownResourceError();
  if (namespace !== undefined && !type.namespaced) throw new UnknownResourceError();
  if (subresource !== undefined && type.subresources[subresource] === undefined) throw new UnknownResourceError();
  if (rawName === '') throw new UnknownResourceError();
  return {
    type,
    version,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(rawName !== undefined ? { name: decode(rawName) } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    rest: rest.length > 0 || pathname.endsWith('/') ? `/${rest.join('/')}` : '',
    watchPrefix,
  };
}

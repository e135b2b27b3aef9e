// Discovery documents: /api, /apis, /apis/{group}, /api/v1 and /apis/{group}/{version} resource lists
// (verbs, namespaced, kind, shortNames, subresources), and /version.

import { UnknownResourceError } from '../errors.js';
import { ALL_VERBS, apiVersionOf, type ResourceRegistry, type ResourceType } from '../resources.js';
import type { DiscoveryTarget } from './router.js';

const SUBRESOURCE_KINDS: Record<string, (kind: string) => string> = {
  scale: () => 'Scale',
  exec: (kind) => `${kind}ExecOptions`,
  proxy: (kind) => `${kind}ProxyOptions`,
};

function groupDocument(group: string, versions: string[]): Record<string, unknown> {
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

function resourceEntries(type: ResourceType): Record<string, unknown>[] {
  const main = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: ALL_VERBS,
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    storageVersionHash: '',
  };
  const subs = Object.entries(type.subresources).map(([sub, verbs]) => ({
    name: `${type.plural}/${sub}`,
    singularName: '',
    namespaced: type.namespaced,
    kind: SUBRESOURCE_KINDS[sub]?.(type.kind) ?? type.kind,
    ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1' } : {}),
    verbs,
  }));
  return [main, ...subs];
}

function resourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> {
  const types = registry.all().filter((t) => t.group === group && t.versions.includes(version));
  if (types.length === 0) throw new UnknownResourceError();
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(group, version),
    resources: types.sort((a, b) => a.plural.localeCompare(b.plural)).flatMap(resourceEntries),
  };
}

export function discoveryDocument(target: DiscoveryTarget, registry: ResourceRegistry, address: string): unknown {
  switch (target.kind) {
    case 'api':
      return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }],
      };
    case 'apis':
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...registry.groups()].map(([group, versions]) => groupDocument(group, versions)),
      };
    case 'group': {
      const versions = registry.groups().get(target.group);
      if (!versions) throw new UnknownResourceError();
      return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(target.group, versions) };
    }
    case 'groupVersion':
      return resourceList(registry, target.group, target.version);
    case 'version':
      return {
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.0-holdfast-local',
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'none',
        compiler: 'node',
        platform: `${process.platform}/${process.arch}`,
      };
    case 'health':
      return 'ok';
  }
}

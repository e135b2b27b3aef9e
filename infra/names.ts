/**
 * Names other code or people rely on, derived from the config in one place: stacks, the `live` alias, IAM role names
 * (EKS access entries and aws-auth mappings name roles, possibly from a stack in another region), buckets that
 * policies name, the KMS alias copies use, and the prefix every RDS resource Holdfast creates carries.
 */
import type { HoldfastConfig } from './config.js';

/** The alias every durable execution, schedule, rule and invoke permission targets. */
export const LIVE_ALIAS = 'live';

/** RDS snapshots, copies and temporary instances Holdfast creates start with this (shared/aws derives the rest). */
export const RDS_NAME_PREFIX = 'holdfast-';

/** Metric namespace the handlers publish `RunFailed` and `StuckQuiesceMarker` to (alarms watch them). */
export const METRIC_NAMESPACE = 'Holdfast';

type Named = Pick<HoldfastConfig, 'name' | 'region'>;

function pascal(name: string): string {
  return name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export const stackNames = {
  stateful: (c: Named) => `${pascal(c.name)}Stateful`,
  agents: (c: Named) => `${pascal(c.name)}Agents`,
  region: (c: Named, region: string) => `${pascal(c.name)}Region-${region}`,
  clusterAccess: (c: Named, region: string) => `${pascal(c.name)}ClusterAccess-${region}`,
};

/** IAM role of a handler: fixed so access entries in other regions and aws-auth mappings can name it. */
export function roleName(c: Named, handler: string): string {
  return `${c.name}-${handler}-${c.region}`;
}

export function roleArn(c: Named, handler: string, partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName(c, handler)}`;
}

export function exportRoleName(c: Named): string {
  return `${c.name}-rds-export-${c.region}`;
}

export function replicationRoleName(c: Named): string {
  return `${c.name}-replication-${c.region}`;
}

/** The artifact bucket: fixed so a policy's S3 export can name it. `account` may be a token. */
export function artifactBucketName(c: Named, account: string): string {
  return `${c.name}-artifacts-${account}-${c.region}`;
}

export function replicaBucketName(c: Named, account: string, region: string): string {
  return `${c.name}-replica-${account}-${region}`;
}

/** Alias of the keys Holdfast creates (main key, destination keys): policies may name `arn:…:alias/<name>`. */
export function keyAlias(c: Pick<HoldfastConfig, 'name'>): string {
  return `alias/${c.name}`;
}

export function busName(c: Pick<HoldfastConfig, 'name'>): string {
  return c.name;
}

/**
 * KMS grants for RDS: copying a snapshot into a destination key, exporting with a key, restoring an encrypted
 * snapshot. RDS creates the grants on the caller's behalf, so `kms:CreateGrant` is limited to grants RDS requests for
 * an AWS resource. Keys Holdfast created in destination regions are matched by their alias, as their ARNs are only
 * known after those stacks deploy.
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { HoldfastConfig } from '../config.js';
import type { RdsCapability } from '../handlers.js';
import { keyAlias } from '../names.js';
import { type Arns, unique } from './arns.js';

export interface KmsGrantProps {
  readonly config: HoldfastConfig;
  readonly arns: Arns;
  /** The deployment's main key: S3 exports are encrypted with it. */
  readonly mainKeyArn: string;
}

const RDS_VIA = { 'kms:ViaService': 'rds.*.amazonaws.com' };

export function kmsGrantStatements(capabilities: readonly RdsCapability[], p: KmsGrantProps): PolicyStatement[] {
  const { keys, aliasRegions } = keysFor(capabilities, p);
  const statements: PolicyStatement[] = [];
  if (keys.length > 0) statements.push(...grantStatements('RdsKeys', keys, {}));
  if (aliasRegions.length > 0) {
    const byAlias = { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': keyAlias(p.config) } };
    statements.push(
      ...grantStatements(
        'RdsDestinationKeys',
        aliasRegions.map((r) => p.arns.anyKey(r)),
        byAlias,
      ),
    );
  }
  return statements;
}

function grantStatements(sid: string, resources: string[], extra: Record<string, unknown>): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: `${sid}CreateGrant`,
      actions: ['kms:CreateGrant'],
      resources,
      conditions: { StringLike: RDS_VIA, Bool: { 'kms:GrantIsForAWSResource': 'true' }, ...extra },
    }),
    // The caller checks the key before asking RDS to use it, so DescribeKey is not limited to calls through RDS.
    new PolicyStatement({
      sid: `${sid}Describe`,
      actions: ['kms:DescribeKey'],
      resources,
      ...(Object.keys(extra).length > 0 ? { conditions: extra } : {}),
    }),
  ];
}

function keysFor(capabilities: readonly RdsCapability[], p: KmsGrantProps): { keys: string[]; aliasRegions: string[] } {
  const databaseKeys = p.config.databases.flatMap((d) => (d.kmsKeyArn ? [d.kmsKeyArn] : []));
  const destinationKeys = p.config.destinations.flatMap((d) => (d.kmsKeyArn ? [d.kmsKeyArn] : []));
  const created = p.config.destinations.filter((d) => !d.kmsKeyArn).map((d) => d.region);
  const keys: string[] = [];
  const aliasRegions: string[] = [];
  for (const c of capabilities) {
    if (c === 'copy' || c === 'restore') {
      keys.push(...destinationKeys, ...databaseKeys);
      aliasRegions.push(...created);
    }
    if (c === 'temporary-instance') keys.push(...databaseKeys);
    if (c === 'export') keys.push(p.mainKeyArn);
  }
  return { keys: unique(keys), aliasRegions: unique(aliasRegions) };
}

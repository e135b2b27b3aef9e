/**
 * Turns a handler's declared needs (infra/handlers.ts) into grants on its role, and into the environment variables
 * that tell it where things are. Nothing else adds permissions to a handler role, so a role can do exactly what its
 * spec says.
 */
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { HoldfastConfig } from '../config.js';
import { functionEnvName, type HandlerName, type HandlerSpec } from '../handlers.js';
import type { Arns } from '../iam/arns.js';
import { kmsGrantStatements } from '../iam/kms-statements.js';
import { rdsStatements } from '../iam/rds-statements.js';
import {
  describeClusterStatement,
  durableCallbackStatement,
  durableReadStatement,
  readSecretStatements,
} from '../iam/service-statements.js';
import type { HandlerFunction } from './handler-function.js';

export interface AgentResources {
  readonly config: HoldfastConfig;
  readonly arns: Arns;
  readonly key: IKey;
  readonly table: ITable;
  readonly bucket: IBucket;
  readonly bus: IEventBus;
  readonly exportRole: IRole;
}

/** Grants on the role for everything in `spec.needs` except invoking other handlers (see grantInvokes). */
export function grantNeeds(handler: HandlerFunction, res: AgentResources, durable: readonly HandlerFunction[]): void {
  const { needs } = handler.spec;
  const role = handler.role;
  if (needs.table === 'read') res.table.grantReadData(role);
  if (needs.table === 'write') res.table.grantReadWriteData(role);
  if (needs.bus) res.bus.grantPutEventsTo(role);
  if (needs.artifacts) grantArtifacts(role, needs.artifacts, res);
  if (needs.cluster) role.addToPrincipalPolicy(describeClusterStatement(res.config, res.arns));
  const rds = needs.rds ?? [];
  const statements = [
    ...rdsStatements(rds, { config: res.config, arns: res.arns, exportRoleArn: res.exportRole.roleArn }),
    ...kmsGrantStatements(rds, { config: res.config, arns: res.arns, mainKeyArn: res.key.keyArn }),
  ];
  const durableArns = durable.map((d) => d.fn.functionArn);
  if (needs.durableCallbacks) statements.push(durableCallbackStatement(durableArns));
  if (needs.durableExecutions) statements.push(durableReadStatement(durableArns));
  if (needs.secrets) statements.push(...readSecretStatements(res.config, res.arns));
  for (const s of statements) role.addToPrincipalPolicy(s);
}

/** Invoke permission on the `live` alias of each handler this one invokes, nothing unqualified. */
export function grantInvokes(handler: HandlerFunction, targets: ReadonlyMap<HandlerName, HandlerFunction>): void {
  for (const name of handler.spec.needs.invokes ?? []) {
    const target = targets.get(name);
    if (!target) throw new Error(`${handler.spec.name} invokes ${name}, which is built after it`);
    target.alias.grantInvoke(handler.role);
  }
}

function grantArtifacts(role: IRole, level: 'read' | 'write' | 'delete', res: AgentResources): void {
  res.bucket.grantRead(role);
  if (level !== 'read') res.bucket.grantPut(role);
  if (level === 'delete') res.bucket.grantDelete(role);
  for (const loc of res.config.locations.filter((l) => l.bucket)) {
    const bucketArn = `arn:${res.arns.partition}:s3:::${loc.bucket}`;
    const objects = `${bucketArn}/${loc.prefix}*`;
    const actions = ['s3:GetObject', ...(level === 'read' ? [] : ['s3:PutObject', 's3:AbortMultipartUpload'])];
    if (level === 'delete') actions.push('s3:DeleteObject');
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [objects] }));
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${loc.prefix}*`] } },
      }),
    );
    if (loc.kmsKeyArn) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: level === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [loc.kmsKeyArn],
          conditions: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
        }),
      );
    }
  }
}

/** Where things are, for the handler's code; only what its needs let it use. */
export function handlerEnvironment(
  spec: HandlerSpec,
  res: Omit<AgentResources, 'arns'>,
  targets: ReadonlyMap<HandlerName, HandlerFunction>,
): Record<string, string> {
  const { needs } = spec;
  const env: Record<string, string> = {};
  if (needs.table) env.HOLDFAST_TABLE_NAME = res.table.tableName;
  if (needs.bus) env.HOLDFAST_EVENT_BUS_NAME = res.bus.eventBusName;
  if (needs.artifacts) {
    env.HOLDFAST_BUCKET_NAME = res.bucket.bucketName;
    env.HOLDFAST_KMS_KEY_ARN = res.key.keyArn;
    env.HOLDFAST_LOCATIONS = locationsJson(res.config, res.bucket.bucketName);
  }
  if (needs.cluster) {
    env.HOLDFAST_CLUSTERS = JSON.stringify(
      res.config.clusters.map((c) => ({ name: c.name, region: c.region, namespaces: c.namespaces })),
    );
  }
  if (needs.rds?.includes('export')) env.HOLDFAST_RDS_EXPORT_ROLE_ARN = res.exportRole.roleArn;
  if (needs.rds?.includes('copy')) {
    env.HOLDFAST_DESTINATIONS = JSON.stringify(
      res.config.destinations.map((d) => ({ region: d.region, kmsKeyId: d.kmsKeyArn ?? `alias/${res.config.name}` })),
    );
  }
  for (const name of needs.invokes ?? []) {
    const target = targets.get(name);
    if (target) env[functionEnvName(name)] = target.alias.functionArn;
  }
  return env;
}

function locationsJson(config: HoldfastConfig, artifactBucket: string): string {
  const entries = config.locations.map((l) => [
    l.name,
    { bucket: l.bucket ?? artifactBucket, prefix: l.prefix, region: config.region },
  ]);
  // The bucket name may be a token: JSON.stringify keeps it as a string the stack resolves.
  return JSON.stringify(Object.fromEntries(entries));
}

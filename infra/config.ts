/**
 * The deployment config (`holdfast.config.ts` at the repository root; `holdfast.config.example.ts` shows every field):
 * one zod schema, the types inferred from it. Everything the stacks scope permissions to comes from here: clusters and
 * their namespaces, the RDS instances and clusters, the copy destinations and their KMS keys, the notification
 * secrets. Cross-field rules live in config-rules.ts; policy files are checked against the config in policy-check.ts.
 */
import { z } from 'zod';
import {
  bucketNameRule,
  clusterNameRule,
  kmsKeyArnMessage,
  type NameRule,
  namespaceRule,
  parseKmsKeyArn,
  rdsIdentifierRule,
  regionRule,
  secretNameRule,
} from '../shared/policy/aws-names.js';
import { checkConfig } from './config-rules.js';

const named = (rule: NameRule) => z.string().regex(rule.pattern, { error: rule.message });
const region = named(regionRule);
const kmsKeyArn = z.string().refine((s) => parseKmsKeyArn(s) !== undefined, { error: kmsKeyArnMessage });

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653];

export const clusterConfigSchema = z.strictObject({
  name: named(clusterNameRule),
  region,
  namespaces: z
    .array(named(namespaceRule))
    .min(1, 'list the namespaces Holdfast may work in: cluster access is granted per namespace'),
  access: z
    .enum(['access-entry', 'aws-auth'], {
      error: 'access is access-entry (EKS access entries, authentication mode API or API_AND_CONFIG_MAP) or aws-auth',
    })
    .default('access-entry')
    .describe('aws-auth: the stack creates no access entry; map the role ARNs it outputs in the aws-auth ConfigMap'),
  accessPolicy: z
    .enum(['rbac', 'eks-edit'], { error: 'accessPolicy is rbac (Holdfast RBAC groups) or eks-edit' })
    .default('rbac')
    .describe(
      'rbac: Kubernetes groups bound by `npx tsx infra/print-rbac.ts`; eks-edit: AmazonEKSEditPolicy per namespace',
    ),
  endpoint: z
    .enum(['public', 'private'], { error: 'endpoint is public or private' })
    .default('public')
    .describe('private: the functions that talk to the cluster run in `network`'),
});
export type ClusterConfig = z.infer<typeof clusterConfigSchema>;

export const databaseConfigSchema = z.strictObject({
  id: named(rdsIdentifierRule).describe('DB instance or Aurora DB cluster identifier'),
  kind: z.enum(['instance', 'cluster'], { error: 'kind is instance (RDS) or cluster (Aurora)' }),
  region: region.optional().describe('Defaults to the deployment region'),
  kmsKeyArn: kmsKeyArn.optional().describe('Its storage key, when restores from its snapshots must use it'),
});
export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;

export const destinationConfigSchema = z.strictObject({
  region,
  kmsKeyArn: kmsKeyArn
    .optional()
    .describe('Key for snapshot copies and replicas there; omitted: the destination stack creates one (alias/<name>)'),
  replicateArtifacts: z.boolean().default(true).describe('Replicate the artifact bucket to a bucket in this region'),
});
export type DestinationConfig = z.infer<typeof destinationConfigSchema>;

export const locationConfigSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'must be 1–32 lowercase letters, digits and "-"' }),
  bucket: named(bucketNameRule).optional().describe("An existing bucket; omitted: the stack's artifact bucket"),
  prefix: z
    .string()
    .regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, { error: 'must be empty or end with "/", e.g. holdfast/' })
    .default('holdfast/'),
  kmsKeyArn: kmsKeyArn.optional().describe("The existing bucket's SSE-KMS key"),
});
export type LocationConfig = z.infer<typeof locationConfigSchema>;

export const networkConfigSchema = z.strictObject({
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id such as vpc-0abc12345def67890' }),
  vpcCidrBlock: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { error: 'must be a CIDR such as 10.0.0.0/16' }),
  availabilityZones: z.array(z.string().min(1)).min(1, 'list the availability zones of the subnets, in order'),
  privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'must be a subnet id' })).min(1),
  privateSubnetRouteTableIds: z
    .array(z.string().regex(/^rtb-[0-9a-f]{8,17}$/, { error: 'must be a route table id' }))
    .min(1, 'list the route tables of the subnets (the S3 and DynamoDB gateway endpoints attach to them)'),
  clusterSecurityGroupIds: z
    .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, { error: 'must be a security group id' }))
    .default([])
    .describe("The clusters' control-plane security groups: the stack allows 443 from the functions"),
  interfaceEndpoints: z.boolean().default(true).describe('Create STS, EKS, RDS, KMS, Logs, Events, Lambda endpoints'),
  gatewayEndpoints: z.boolean().default(true).describe('Create S3 and DynamoDB gateway endpoints'),
});
export type NetworkConfig = z.infer<typeof networkConfigSchema>;

const holdfastConfigObject = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,15}$/, {
      error: 'must be 1–16 lowercase letters, digits and "-", starting with a letter',
    })
    .default('holdfast')
    .describe('Prefix of stack and resource names; two deployments in one account need two names'),
  account: z
    .string()
    .regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' })
    .optional()
    .describe('Pins the stacks to this account; omitted: the account of your credentials'),
  region: region.describe('Where the table, buckets, bus and functions live'),
  clusters: z.array(clusterConfigSchema).min(1, 'list at least one EKS cluster'),
  databases: z.array(databaseConfigSchema).default([]),
  locations: z.array(locationConfigSchema).default([{ name: 'default', prefix: 'holdfast/' }]),
  destinations: z.array(destinationConfigSchema).default([]),
  notifications: z
    .strictObject({
      secretNames: z
        .array(named(secretNameRule))
        .default([])
        .describe('Secrets Manager names/ARNs and SSM parameter names (starting with "/") notify may read'),
    })
    .default({ secretNames: [] }),
  policiesDir: z.string().min(1).default('policies'),
  blueprintsDir: z.string().min(1).default('blueprints'),
  artifacts: z
    .strictObject({
      objectLock: z
        .strictObject({
          mode: z.enum(['COMPLIANCE', 'GOVERNANCE'], { error: 'mode is COMPLIANCE or GOVERNANCE' }),
          days: z.number().int().min(1, 'at least 1 day').max(36500),
        })
        .optional()
        .describe('Immutable restore points: S3 Object Lock default retention (set at bucket creation only)'),
      noncurrentVersionDays: z.number().int().min(1).default(30),
    })
    .default({ noncurrentVersionDays: 30 }),
  logRetentionDays: z
    .number()
    .refine((n) => LOG_RETENTION_DAYS.includes(n), {
      error: `must be one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(90),
  alarmEmail: z.email({ error: 'must be an email address' }).optional(),
  network: networkConfigSchema.optional(),
  removalPolicy: z
    .enum(['retain', 'destroy'], { error: 'removalPolicy is retain or destroy' })
    .default('retain')
    .describe('destroy: the table, key and buckets go with the stack (test accounts only)'),
});

export type HoldfastConfig = z.infer<typeof holdfastConfigObject>;

export const holdfastConfigSchema = holdfastConfigObject.superRefine((config, ctx) => {
  for (const issue of checkConfig(config)) {
    ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message, params: { hint: issue.hint } });
  }
});
/** What a person writes in `holdfast.config.ts`: defaults may be left out. */
export type HoldfastConfigInput = z.input<typeof holdfastConfigSchema>;

/** Typed identity helper for `holdfast.config.ts`, so the editor completes and checks the fields. */
export function defineConfig(config: HoldfastConfigInput): HoldfastConfigInput {
  return config;
}

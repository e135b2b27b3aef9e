/**
 * The Holdfast Policy (`holdfast.io/v1alpha1`, kind `Policy`) as zod schemas; every policy type is inferred from
 * here. Objects are strict so a misspelt field is an error, not a silently ignored setting. Rules that span several
 * fields live in policy-rules.ts.
 */
import { z } from 'zod';
import {
  bucketNameRule,
  clusterNameRule,
  iamRoleArnRule,
  kmsKeyArnMessage,
  labelKeyRule,
  labelValueRule,
  type NameRule,
  namespaceRule,
  objectNameRule,
  parseKmsKeyArn,
  policyNameRule,
  rdsIdentifierRule,
  regionRule,
  secretNameRule,
  triggerNameRule,
} from './aws-names.js';
import { validateEventPattern } from './event-pattern.js';
import { checkPolicySpec } from './policy-rules.js';
import { checkScheduleExpression } from './schedule.js';
import { isIanaTimeZone } from './time-zone.js';

const named = (rule: NameRule) => z.string().regex(rule.pattern, { error: rule.message });
const namespaceName = named(namespaceRule);
const objectName = named(objectNameRule);
const region = named(regionRule);
const secretName = named(secretNameRule);
const kindName = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { error: 'must be a Kubernetes kind such as ConfigMap' });

export const labelSelectorRequirementSchema = z
  .strictObject({
    key: named(labelKeyRule),
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist'], {
      error: 'operator must be In, NotIn, Exists or DoesNotExist',
    }),
    values: z.array(named(labelValueRule)).optional(),
  })
  .superRefine((r, ctx) => {
    const has = (r.values?.length ?? 0) > 0;
    const wants = r.operator === 'In' || r.operator === 'NotIn';
    if (has !== wants) {
      ctx.addIssue({
        code: 'custom',
        path: ['values'],
        message: wants ? `${r.operator} needs a non-empty values list` : `${r.operator} takes no values`,
        params: { hint: wants ? 'list the label values to match' : 'remove values, or use In / NotIn' },
      });
    }
  });

/** Kubernetes metav1.LabelSelector. An empty selector selects everything, as in Kubernetes. */
export const labelSelectorSchema = z.strictObject({
  matchLabels: z.record(named(labelKeyRule), named(labelValueRule)).optional(),
  matchExpressions: z.array(labelSelectorRequirementSchema).optional(),
});
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

export const clusterSchema = z.strictObject({
  name: named(clusterNameRule).describe('EKS cluster name; the first segment of subject ids'),
  region: region,
});

export const workloadKinds = ['Deployment', 'StatefulSet', 'DeploymentConfig'] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

export const workloadRefSchema = z.strictObject({
  kind: z.enum(workloadKinds, { error: `kind must be one of ${workloadKinds.join(', ')}` }),
  name: objectName,
  namespace: namespaceName,
});

export const rdsSubjectSchema = z
  .strictObject({
    instanceId: named(rdsIdentifierRule).optional().describe('RDS DB instance identifier'),
    clusterId: named(rdsIdentifierRule).optional().describe('Aurora DB cluster identifier'),
    configMap: z
      .strictObject({ namespace: namespaceName, name: objectName, key: z.string().min(1, 'must not be empty') })
      .optional()
      .describe('Read the identifier from a ConfigMap, as Kanister RDS blueprints read postgres.instanceid'),
    type: z.enum(['instance', 'cluster']).optional().describe('With configMap: what the identifier names'),
    namespace: namespaceName.optional().describe('With an id: the app namespace its restore points belong to'),
    cluster: named(clusterNameRule).optional().describe('Required when the policy names several clusters'),
    region: region.optional().describe('Defaults to the cluster region'),
  })
  .describe('Exactly one of instanceId, clusterId, configMap');
export type RdsSubject = z.infer<typeof rdsSubjectSchema>;

export const subjectsSchema = z.strictObject({
  clusters: z.array(clusterSchema).min(1, 'list at least one cluster (name and region)'),
  namespaces: z
    .strictObject({ names: z.array(namespaceName).optional(), selector: labelSelectorSchema.optional() })
    .optional()
    .describe('Namespaces selected by name or by labels (either matches); omitted: every namespace'),
  workloads: z
    .strictObject({
      annotated: z.boolean().default(false).describe('Select workloads carrying kanister.kasten.io/blueprint'),
      blueprints: z.array(objectName).optional().describe('Only workloads annotated with one of these'),
      refs: z.array(workloadRefSchema).optional(),
    })
    .optional(),
  rds: z.array(rdsSubjectSchema).optional(),
});
export type Subjects = z.infer<typeof subjectsSchema>;

export const scheduleTriggerSchema = z.strictObject({
  name: named(triggerNameRule).optional(),
  expression: z
    .string()
    .describe('cron(min hour day-of-month month day-of-week year) or rate(value unit), EventBridge Scheduler syntax')
    .superRefine((expr, ctx) => {
      const e = checkScheduleExpression(expr);
      if (e) ctx.addIssue({ code: 'custom', message: e.message, params: { hint: e.hint } });
    }),
  timeZone: z
    .string()
    .refine(isIanaTimeZone, { error: 'must be an IANA time zone name such as UTC, Europe/Berlin or America/New_York' })
    .default('UTC'),
});
export type ScheduleTrigger = z.infer<typeof scheduleTriggerSchema>;

export const eventTriggerSchema = z.strictObject({
  name: named(triggerNameRule).optional(),
  pattern: z
    .record(z.string(), z.unknown(), { error: 'an event pattern must be an object, e.g. {source: ["aws.rds"]}' })
    .describe('EventBridge event pattern: an object whose leaves are arrays')
    .superRefine((pattern, ctx) => {
      for (const i of validateEventPattern(pattern)) {
        ctx.addIssue({ code: 'custom', path: [...i.path], message: i.message, params: { hint: i.hint } });
      }
    }),
});

export const triggersSchema = z.strictObject({
  schedules: z.array(scheduleTriggerSchema).optional(),
  events: z.array(eventTriggerSchema).optional(),
});

export const hooksSchema = z.strictObject({
  blueprint: objectName.optional().describe("Defaults to each workload's kanister.kasten.io/blueprint annotation"),
  actions: z
    .array(z.enum(['backupPrehook', 'backupPosthook'], { error: 'hook actions are backupPrehook and backupPosthook' }))
    .min(1, 'name at least one hook action, or remove hooks')
    .default(['backupPrehook', 'backupPosthook']),
});

export const captureSchema = z.strictObject({
  rdsSnapshot: z.boolean().default(false).describe('Snapshot the RDS instances / Aurora clusters in subjects.rds'),
  csiSnapshots: z
    .strictObject({
      pvcSelector: labelSelectorSchema.optional().describe("Which of the workload's PVCs; omitted: all"),
      volumeSnapshotClassName: objectName.optional(),
    })
    .optional(),
  manifests: z
    .strictObject({
      includeKinds: z.array(kindName).optional(),
      excludeKinds: z.array(kindName).optional(),
      secrets: z.boolean().default(false).describe('Capture Secrets too (their data is encrypted at rest with KMS)'),
    })
    .optional(),
  blueprintBackup: z
    .strictObject({ blueprint: objectName.optional().describe("Defaults to the workload's annotation") })
    .optional()
    .describe("Run the blueprint's backup action"),
});
export type Capture = z.infer<typeof captureSchema>;

const kmsKeyArn = z.string().refine((s) => parseKmsKeyArn(s) !== undefined, { error: kmsKeyArnMessage });

export const copyExportSchema = z
  .strictObject({ region, kmsKeyArn: kmsKeyArn.describe('A key in the destination region') })
  .superRefine((copy, ctx) => {
    const key = parseKmsKeyArn(copy.kmsKeyArn);
    if (key && key.region !== copy.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['kmsKeyArn'],
        message: `the KMS key is in ${key.region} but the copy goes to ${copy.region}`,
        params: {
          hint: `a cross-region copy is encrypted with a key in its destination: use a key ARN in ${copy.region}`,
        },
      });
    }
  });

export const s3ExportSchema = z.strictObject({
  bucket: named(bucketNameRule),
  prefix: z.string().max(1024).optional(),
  iamRoleArn: named(iamRoleArnRule).describe('Role RDS assumes to write the export'),
  kmsKeyArn: kmsKeyArn,
  exportOnly: z.array(z.string().min(1)).optional().describe('database[.schema[.table]] names; omitted: everything'),
});

export const exportsSchema = z.strictObject({
  copies: z.array(copyExportSchema).optional(),
  s3: s3ExportSchema.optional(),
});

const count = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1000, 'at most 1000');
export const retentionSchema = z
  .strictObject({
    hourly: count.default(0),
    daily: count.default(0),
    weekly: count.default(0),
    monthly: count.default(0),
    yearly: count.default(0),
  })
  .refine((r) => Object.values(r).some((n) => n > 0), {
    error: 'retention keeps nothing: set at least one of hourly, daily, weekly, monthly, yearly above 0',
  });
export type RetentionCounts = z.infer<typeof retentionSchema>;

const notifyOn = z
  .array(z.enum(['success', 'failure'], { error: 'on takes success and/or failure' }))
  .min(1, 'name success and/or failure')
  .default(['failure']);

export const notificationsSchema = z.strictObject({
  slack: z
    .strictObject({ webhookUrlSecret: secretName.describe('Holds the incoming-webhook URL'), on: notifyOn })
    .optional(),
  webhook: z
    .strictObject({
      urlSecret: secretName.describe('Holds the URL to POST to'),
      hmacKeySecret: secretName.describe('Holds the key of X-Holdfast-Signature: sha256=<HMAC>'),
      on: notifyOn,
    })
    .optional(),
});

const policySpecObject = z.strictObject({
  subjects: subjectsSchema,
  triggers: triggersSchema.optional().describe('Omitted: the policy runs on demand only'),
  hooks: hooksSchema.optional(),
  capture: captureSchema,
  exports: exportsSchema.optional(),
  retention: retentionSchema,
  notifications: notificationsSchema.optional(),
  maxQuiesceSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(10, 'at least 10 seconds')
    .max(3600, 'at most 3600 seconds: an app should not stay quiesced longer than an hour')
    .default(300)
    .describe('After this long the watchdog runs the posthook, whatever the run is doing'),
  onPrehookFailure: z
    .enum(['fail', 'crash-consistent'], { error: 'onPrehookFailure is fail or crash-consistent' })
    .default('fail')
    .describe('crash-consistent: capture anyway and mark the restore point crash-consistent'),
});
export type PolicySpec = z.infer<typeof policySpecObject>;
export const policySpecSchema = policySpecObject.superRefine((spec, ctx) => {
  for (const i of checkPolicySpec(spec)) {
    ctx.addIssue({ code: 'custom', path: [...i.path], message: i.message, params: { hint: i.hint } });
  }
});

export const policySchema = z.strictObject({
  apiVersion: z.literal('holdfast.io/v1alpha1', { error: 'apiVersion must be holdfast.io/v1alpha1' }),
  kind: z.literal('Policy', { error: 'kind must be Policy' }),
  metadata: z.strictObject({
    name: named(policyNameRule),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: policySpecSchema,
});
export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

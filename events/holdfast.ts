/**
 * Holdfast's own bus (`source: holdfast`, DESIGN.md §5): one zod schema per detail type over the full EventBridge
 * envelope, and a discriminated union over `detail-type`.
 *
 * Details are strict: the producers (run use cases, trigger, retention) and the consumers (notify, webhooks) deploy
 * together, so an unknown or misspelt field is a bug to surface, not data to carry. They hold no secret values:
 * run records are redacted upstream, notification targets carry secret NAMES, artifacts are summarised (type, name,
 * location), never their key/value outputs.
 */
import { z } from 'zod';
import { eventBridgeEvent } from './envelope.js';

export const HOLDFAST_SOURCE = 'holdfast';

export const holdfastDetailTypes = [
  'Backup Requested',
  'Restore Requested',
  'Run Succeeded',
  'Run Failed',
  'Restore Point Created',
  'Restore Point Expired',
] as const;
export type HoldfastDetailType = (typeof holdfastDetailTypes)[number];

const id = z.string().min(1).max(512);
const isoTime = z.iso.datetime({ offset: true });
const name = z.string().min(1).max(256);

/** `<cluster>/<namespace>/<kind>/<name>`; the namespace is empty for cluster-scoped subjects. */
export const subjectIdSchema = z
  .string()
  .max(1024)
  .regex(/^[^/]+\/[^/]*\/[^/]+\/[^/]+$/, 'must be <cluster>/<namespace>/<kind>/<name>');

/**
 * Where a secret lives: `ssm:<parameter name>`, `secretsmanager:<name or ARN>[#<json key>]`, or a bare SSM parameter /
 * Secrets Manager ARN. Only the name travels in events; the notify function reads the value.
 */
export const secretRefSchema = z
  .string()
  .max(2048)
  .regex(
    /^(ssm:[^#\s]+|secretsmanager:[^#\s]+(#[^#\s]+)?|arn:aws[a-z-]*:ssm:[^#\s]+|arn:aws[a-z-]*:secretsmanager:[^#\s]+(#[^#\s]+)?)$/,
    'must be ssm:<name>, secretsmanager:<name>[#key], or an SSM parameter / Secrets Manager ARN',
  );

export const runKindSchema = z.enum(['backup', 'restore', 'delete']);
export type RunKind = z.infer<typeof runKindSchema>;

/** When a target is notified: on a `Run Succeeded` (`success`) and/or a `Run Failed` (`failure`). */
export const notifyOnSchema = z.enum(['success', 'failure']);

/** A notification target copied from the policy into the run at trigger time. */
export const notificationTargetSchema = z
  .strictObject({
    kind: z.enum(['slack', 'webhook']),
    /** Secret holding the URL (a Slack incoming-webhook URL is a credential; so may a webhook's query be). */
    urlSecret: secretRefSchema,
    /** Secret holding the HMAC key; required for webhooks, which are always signed. */
    keySecret: secretRefSchema.optional(),
    on: z.array(notifyOnSchema).min(1),
  })
  .refine((t) => t.kind !== 'webhook' || t.keySecret !== undefined, {
    message: 'a webhook target needs keySecret: webhooks are always HMAC-signed',
    path: ['keySecret'],
  });
export type NotificationTarget = z.infer<typeof notificationTargetSchema>;

export const quiesceWindowSchema = z.strictObject({
  start: isoTime,
  end: isoTime,
  seconds: z.number().nonnegative(),
});
export type QuiesceWindow = z.infer<typeof quiesceWindowSchema>;

export const stageSummarySchema = z.strictObject({
  /** quiesce, capture, unquiesce, finish, export, record, … */
  name,
  state: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
});

export const phaseSummarySchema = z.strictObject({
  /** The blueprint action the phase belongs to (`backupPrehook`, `backup`, `restore`, …). */
  action: name,
  name: z.string().max(256),
  func: name,
  state: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  durationSeconds: z.number().nonnegative().optional(),
});
export type PhaseSummary = z.infer<typeof phaseSummarySchema>;

export const artifactSummarySchema = z.strictObject({
  /** What produced it: `rds-snapshot`, `rds-copy`, `csi-snapshot`, `manifests`, `blueprint`, … */
  type: name,
  name,
  /** Snapshot ARN, `s3://` URL, VolumeSnapshot `<ns>/<name>`; never a credential. */
  location: z.string().max(2048).optional(),
  region: z.string().max(64).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
});

export const restorePointSummarySchema = z.strictObject({
  id,
  consistency: z.enum(['application', 'crash']),
  quiesce: quiesceWindowSchema.optional(),
  artifacts: z.array(artifactSummarySchema).max(500),
  expiresAt: isoTime.optional(),
});
export type RestorePointSummary = z.infer<typeof restorePointSummarySchema>;

export const runErrorSchema = z.strictObject({
  /** Redacted upstream; bounded so one event stays far below EventBridge's 256 KB. */
  message: z.string().max(8192),
  /** The run stage that failed (quiesce, capture, …). */
  stage: name.optional(),
  /** The blueprint phase that failed, when a phase did. */
  phase: z.string().max(256).optional(),
});
export type RunError = z.infer<typeof runErrorSchema>;

/** What every run outcome event says about the run. */
const runFields = {
  runId: id,
  kind: runKindSchema,
  /** Absent for an on-demand run that no policy started. */
  policy: name.optional(),
  subjectId: subjectIdSchema,
  startedAt: isoTime,
  endedAt: isoTime,
  durationSeconds: z.number().nonnegative().optional(),
  /** The quiesce window, when the run quiesced the app (also on failed runs: how long the app was held). */
  quiesce: quiesceWindowSchema.optional(),
  stages: z.array(stageSummarySchema).max(100).default([]),
  phases: z.array(phaseSummarySchema).max(500).default([]),
  notifications: z.array(notificationTargetSchema).max(20).default([]),
};

export const runSucceededDetailSchema = z.strictObject({
  ...runFields,
  state: z.literal('succeeded'),
  /** The restore point a backup wrote, or the one a restore read. */
  restorePoint: restorePointSummarySchema.optional(),
});
export type RunSucceededDetail = z.infer<typeof runSucceededDetailSchema>;

export const runFailedDetailSchema = z.strictObject({
  ...runFields,
  state: z.enum(['failed', 'cancelled', 'timed-out']),
  error: runErrorSchema,
  restorePoint: restorePointSummarySchema.optional(),
});
export type RunFailedDetail = z.infer<typeof runFailedDetailSchema>;

export const restorePointCreatedDetailSchema = z.strictObject({
  ...runFields,
  state: z.literal('succeeded'),
  restorePoint: restorePointSummarySchema,
});

export const backupRequestedDetailSchema = z.strictObject({
  runId: id,
  policy: name.optional(),
  subjectId: subjectIdSchema,
  trigger: z.enum(['schedule', 'event', 'on-demand']),
  /** The schedule's time, or the triggering event's time (part of the run's idempotency key). */
  scheduledTime: isoTime,
  requestedAt: isoTime,
});

export const restoreRequestedDetailSchema = z.strictObject({
  runId: id,
  policy: name.optional(),
  restorePointId: id,
  /** The app the restore point belongs to. */
  subjectId: subjectIdSchema,
  /** Where to restore to, when not in place. */
  targetSubjectId: subjectIdSchema.optional(),
  requestedAt: isoTime,
});

export const restorePointExpiredDetailSchema = z.strictObject({
  restorePointId: id,
  policy: name.optional(),
  subjectId: subjectIdSchema,
  createdAt: isoTime,
  expiredAt: isoTime,
  /** The delete run that removes its artifacts. */
  deleteRunId: id.optional(),
});

export const backupRequestedEventSchema = eventBridgeEvent(
  HOLDFAST_SOURCE,
  'Backup Requested',
  backupRequestedDetailSchema,
);
export const restoreRequestedEventSchema = eventBridgeEvent(
  HOLDFAST_SOURCE,
  'Restore Requested',
  restoreRequestedDetailSchema,
);
export const runSucceededEventSchema = eventBridgeEvent(HOLDFAST_SOURCE, 'Run Succeeded', runSucceededDetailSchema);
export const runFailedEventSchema = eventBridgeEvent(HOLDFAST_SOURCE, 'Run Failed', runFailedDetailSchema);
export const restorePointCreatedEventSchema = eventBridgeEvent(
  HOLDFAST_SOURCE,
  'Restore Point Created',
  restorePointCreatedDetailSchema,
);
export const restorePointExpiredEventSchema = eventBridgeEvent(
  HOLDFAST_SOURCE,
  'Restore Point Expired',
  restorePointExpiredDetailSchema,
);

export const holdfastEventSchema = z.discriminatedUnion('detail-type', [
  backupRequestedEventSchema,
  restoreRequestedEventSchema,
  runSucceededEventSchema,
  runFailedEventSchema,
  restorePointCreatedEventSchema,
  restorePointExpiredEventSchema,
]);
export type HoldfastEvent = z.infer<typeof holdfastEventSchema>;

/** The two events the notify function consumes. */
export const runOutcomeEventSchema = z.discriminatedUnion('detail-type', [
  runSucceededEventSchema,
  runFailedEventSchema,
]);
export type RunOutcomeEvent = z.infer<typeof runOutcomeEventSchema>;

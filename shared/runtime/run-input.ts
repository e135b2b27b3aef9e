/**
 * What a run is asked to do, resolved from the policy at trigger time and frozen into the run's input, so a run
 * replayed hours later (durable execution) does exactly what it was started to do even if the policy changed.
 * zod schemas: these payloads cross the Lambda boundary (trigger → backup-run, CLI → invoke → runs).
 */
import { z } from 'zod';
import { notificationTargetSchema } from '../../events/holdfast.js';
import { labelSelectorSchema } from '../policy/schema.js';

const id = z.string().min(1).max(512);

/** `<cluster>/<namespace>/<kind>/<name>`: the app a restore point belongs to (DESIGN.md §4 `APP#…`). */
export const subjectSchema = z.strictObject({
  cluster: id,
  namespace: z.string(),
  kind: z.string().min(1),
  name: id,
});
export type Subject = z.infer<typeof subjectSchema>;

export function subjectId(s: Subject): string {
  return `${s.cluster}/${s.namespace}/${s.kind}/${s.name}`;
}

export const rdsTargetSchema = z.strictObject({
  id,
  kind: z.enum(['instance', 'cluster']),
  region: z.string().min(1),
});
export type RdsTarget = z.infer<typeof rdsTargetSchema>;

export const backupRunInputSchema = z.strictObject({
  runId: id,
  policy: z.string().min(1),
  subject: subjectSchema,
  /** ISO time the trigger was scheduled for (idempotency key part). */
  scheduledTime: z.iso.datetime({ offset: true }),
  /** Blueprint whose `backupPrehook`/`backupPosthook` quiesce the app; `actions` limits which of the two run. */
  hooks: z
    .strictObject({
      blueprint: z.string().min(1),
      actions: z.array(z.enum(['backupPrehook', 'backupPosthook'])).default(['backupPrehook', 'backupPosthook']),
    })
    .optional(),
  capture: z.strictObject({
    rds: z.array(rdsTargetSchema).default([]),
    /** Run the blueprint's `backup` action (inside the quiesce window). */
    blueprintBackup: z.strictObject({ blueprint: z.string().min(1) }).optional(),
    /** CSI VolumeSnapshots of the workload's PVCs (those matching the selector; all when it is absent). */
    csiSnapshots: z
      .strictObject({ pvcSelector: labelSelectorSchema.optional(), volumeSnapshotClassName: z.string().optional() })
      .optional(),
    manifests: z
      .strictObject({
        includeKinds: z.array(z.string()).optional(),
        excludeKinds: z.array(z.string()).optional(),
        secrets: z.boolean().default(false),
      })
      .optional(),
  }),
  exports: z
    .strictObject({
      copies: z.array(z.strictObject({ region: z.string().min(1), kmsKeyId: z.string().min(1) })).default([]),
    })
    .default({ copies: [] }),
  maxQuiesceSeconds: z.number().int().positive().max(3600).default(300),
  onPrehookFailure: z.enum(['fail', 'crash-consistent']).default('fail'),
  /** Restore point lifetime, from the policy's retention (GFS decides expiry later). */
  /** Secret names only — never secret values. */
  notifications: z.array(notificationTargetSchema).default([]),
  options: z.record(z.string(), z.string()).default({}),
});
export type BackupRunInput = z.infer<typeof backupRunInputSchema>;

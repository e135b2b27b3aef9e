/**
 * RestoreRDSSnapshot: replace an RDS instance (or Aurora cluster) with one restored from `snapshotID`; without
 * a snapshot, restore a PostgreSQL dump written by ExportRDSSnapshotToLocation into the existing instance.
 * Kanister: `pkg/function/restore_rds_snapshot.go` (the dump path reads its five extra args with `Arg`, so they
 * must be present, and only PostgreSQL dumps exist). Kanister returns `endpoint` from the dump path only; Holdfast
 * from both.
 */

import type { z } from 'zod';
import { functionArgs, goString, yamlStringList } from './arg-schemas.js';
import { checkRdsCredentials, dbEngineArg, rdsCredentialArgs } from './aws-args.js';
import { podAnnotationsArg, podLabelsArg } from './pod-args.js';
import { specExec } from './rds/common.js';
import { defaultDumpRunner } from './rds/dump-runner.js';
import { execRestoreRDSSnapshot } from './rds/restore-rds-snapshot.js';
import type { FunctionSpec } from './types.js';

const DUMP_ARGS = ['backupArtifactPrefix', 'backupID', 'username', 'password', 'namespace'] as const;

const args = functionArgs('RestoreRDSSnapshot', {
  instanceID: goString('the RDS instance (or Aurora cluster) identifier to restore'),
  /** Empty or absent: restore from a dump instead. */
  snapshotID: goString('the snapshot identifier').optional(),
  dbEngine: dbEngineArg().optional(),
  backupArtifactPrefix: goString('the location prefix of the dump').optional(),
  backupID: goString('the dump id (ExportRDSSnapshotToLocation output backupID)').optional(),
  username: goString('the database user').optional(),
  password: goString('the database password').optional(),
  namespace: goString('the namespace for the restore pod').optional(),
  /** Default: the security groups of the existing instance. */
  securityGroupID: yamlStringList('security group ids').optional(),
  dbSubnetGroup: goString('a DB subnet group name').default('default'),
  podAnnotations: podAnnotationsArg(),
  podLabels: podLabelsArg(),
  ...rdsCredentialArgs(),
}).superRefine((value, ctx) => {
  checkRdsCredentials(value, ctx);
  if (value.snapshotID) return;
  const missing = DUMP_ARGS.filter((name) => value[name] === undefined);
  if (missing.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['snapshotID'],
      message: `no snapshotID, so this restores from a dump, which also needs ${missing.join(', ')}`,
    });
  }
  if (value.dbEngine !== 'PostgreSQL') {
    ctx.addIssue({
      code: 'custom',
      path: ['dbEngine'],
      message: 'no snapshotID, so this restores from a dump, and dumps exist only for dbEngine PostgreSQL',
    });
  }
});
export type RestoreRDSSnapshotArgs = z.output<typeof args>;

export const restoreRDSSnapshot = {
  name: 'RestoreRDSSnapshot',
  summary: 'Restore an RDS instance or Aurora cluster from a snapshot, or a PostgreSQL dump from the location.',
  args,
  outputs: ['endpoint'],
  // The snapshot path needs only AWS; the dump path also needs the cluster and the location and says so when run.
  needs: ['aws'],
  origin: 'kanister',
  exec: specExec<RestoreRDSSnapshotArgs>((call, clients) =>
    execRestoreRDSSnapshot(call, clients, { dumpRunner: defaultDumpRunner }),
  ),
} as const satisfies FunctionSpec<typeof args>;

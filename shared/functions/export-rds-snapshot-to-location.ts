/**
 * ExportRDSSnapshotToLocation: restore a snapshot to a temporary RDS instance, `pg_dump` its databases into
 * the location from a pod, then delete the instance. Kanister: `pkg/function/export_rds_snapshot_location.go`;
 * only `PostgreSQL` is implemented there (it fails after creating the temporary instance otherwise, so it is
 * refused here up front). `backupID` comes from the dump pod's output marker.
 */
import type { z } from 'zod';
import { functionArgs, goArg, goString, yamlStringList } from './arg-schemas.js';
import { checkRdsCredentials, rdsCredentialArgs } from './aws-args.js';
import { podAnnotationsArg, podLabelsArg } from './pod-args.js';
import { specExec } from './rds/common.js';
import { defaultDumpRunner } from './rds/dump-runner.js';
import { execExportRDSSnapshotToLocation } from './rds/export-rds-snapshot-to-location.js';
import type { FunctionSpec } from './types.js';
import { decodeString, WeakDecodeError } from './weak-decode.js';

const postgresOnly = goArg('the DB engine (PostgreSQL)', (value) => {
  const engine = decodeString(value);
  if (engine !== 'PostgreSQL') {
    throw new WeakDecodeError(`${JSON.stringify(engine)} cannot be exported; only "PostgreSQL" dumps are supported`);
  }
  return engine;
});

const args = functionArgs('ExportRDSSnapshotToLocation', {
  namespace: goString('the namespace for the dump pod'),
  instanceID: goString('the RDS instance identifier'),
  snapshotID: goString('the snapshot identifier'),
  dbEngine: postgresOnly,
  username: goString('the database user').optional(),
  password: goString('the database password').optional(),
  /** Default: the instance id. */
  backupArtifactPrefix: goString('the location prefix for the dump').optional(),
  /** Default: every database except template0 and rdsadmin. */
  databases: yamlStringList('database names').optional(),
  /** Default: the security groups of the source instance. */
  securityGroupID: yamlStringList('security group ids').optional(),
  dbSubnetGroup: goString('a DB subnet group name').default('default'),
  podAnnotations: podAnnotationsArg(),
  podLabels: podLabelsArg(),
  ...rdsCredentialArgs(),
}).superRefine(checkRdsCredentials);
export type ExportRDSSnapshotToLocationArgs = z.output<typeof args>;

export const exportRDSSnapshotToLocation = {
  name: 'ExportRDSSnapshotToLocation',
  summary: 'Dump the databases of an RDS PostgreSQL snapshot into the location via a temporary instance.',
  args,
  outputs: ['snapshotID', 'instanceID', 'securityGroupID', 'backupID'],
  needs: ['aws', 'kubernetes', 'location'],
  origin: 'kanister',
  exec: specExec<ExportRDSSnapshotToLocationArgs>((call, clients) =>
    execExportRDSSnapshotToLocation(call, clients, { dumpRunner: defaultDumpRunner }),
  ),
} as const satisfies FunctionSpec<typeof args>;

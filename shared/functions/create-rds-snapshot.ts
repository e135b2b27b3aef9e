/**
 * CreateRDSSnapshot: snapshot an RDS instance, or an Aurora cluster when `dbEngine` is an Aurora engine, and
 * wait until the snapshot is available. Credentials and region come from the location unless
 * `credentialsSource` / `region` say otherwise (see `rdsCredentialArgs`). Kanister:
 * `pkg/function/create_rds_snapshot.go` and `rds_utils.go`; `securityGroupID` is a YAML list in a string and
 * `allocatedStorage` reads like "20GiB". Holdfast adds the output `acceptedAt` (when RDS accepted the snapshot: its
 * point in time), and returns at acceptance instead of waiting for `available` when the run's Options say
 * `holdfast.io/rds-snapshot-wait: accepted` (see shared/aws/rds/README.md).
 */

import type { z } from 'zod';
import { functionArgs, goString } from './arg-schemas.js';
import { checkRdsCredentials, dbEngineArg, rdsCredentialArgs } from './aws-args.js';
import { specExec } from './rds/common.js';
import { execCreateRDSSnapshot } from './rds/create-rds-snapshot.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('CreateRDSSnapshot', {
  instanceID: goString('the RDS instance (or Aurora cluster) identifier'),
  dbEngine: dbEngineArg().optional(),
  ...rdsCredentialArgs(),
}).superRefine(checkRdsCredentials);
export type CreateRDSSnapshotArgs = z.output<typeof args>;

export const createRDSSnapshot = {
  name: 'CreateRDSSnapshot',
  summary: 'Snapshot an RDS instance or Aurora cluster and wait until the snapshot is available.',
  args,
  outputs: ['snapshotID', 'instanceID', 'securityGroupID', 'allocatedStorage', 'dbSubnetGroup', 'acceptedAt'],
  needs: ['aws'],
  origin: 'kanister',
  exec: specExec<CreateRDSSnapshotArgs>((call, clients) => execCreateRDSSnapshot(call, clients)),
} as const satisfies FunctionSpec<typeof args>;

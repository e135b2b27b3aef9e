/**
 * CreateRDSSnapshot: snapshot an RDS instance, or an Aurora cluster when `dbEngine` is an Aurora engine, and
 * wait until the snapshot is available. Credentials and region come from the location unless
 * `credentialsSource` / `region` say otherwise (see `rdsCredentialArgs`). Kanister:
 * `pkg/function/create_rds_snapshot.go` and `rds_utils.go`; `securityGroupID` is a YAML list in a string and
 * `allocatedStorage` reads like "20GiB".
 */

import { functionArgs, goString } from './arg-schemas.js';
import { checkRdsCredentials, dbEngineArg, rdsCredentialArgs } from './aws-args.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('CreateRDSSnapshot', {
  instanceID: goString('the RDS instance (or Aurora cluster) identifier'),
  dbEngine: dbEngineArg().optional(),
  ...rdsCredentialArgs(),
}).superRefine(checkRdsCredentials);

export const createRDSSnapshot = {
  name: 'CreateRDSSnapshot',
  summary: 'Snapshot an RDS instance or Aurora cluster and wait until the snapshot is available.',
  args,
  outputs: ['snapshotID', 'instanceID', 'securityGroupID', 'allocatedStorage', 'dbSubnetGroup'],
  needs: ['aws'],
  origin: 'kanister',
} as const satisfies FunctionSpec<typeof args>;

/**
 * DeleteRDSSnapshot: delete an RDS snapshot (an Aurora cluster snapshot when `dbEngine` is an Aurora engine);
 * a snapshot that is already gone counts as deleted. Kanister: `pkg/function/delete_rds_snapshot.go`.
 */

import { functionArgs, goString } from './arg-schemas.js';
import { checkRdsCredentials, dbEngineArg, rdsCredentialArgs } from './aws-args.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('DeleteRDSSnapshot', {
  snapshotID: goString('the snapshot identifier'),
  dbEngine: dbEngineArg().optional(),
  ...rdsCredentialArgs(),
}).superRefine(checkRdsCredentials);

export const deleteRDSSnapshot = {
  name: 'DeleteRDSSnapshot',
  summary: 'Delete an RDS or Aurora cluster snapshot (already gone counts as deleted).',
  args,
  outputs: [],
  needs: ['aws'],
  origin: 'kanister',
} as const satisfies FunctionSpec<typeof args>;

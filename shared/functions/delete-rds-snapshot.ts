/**
 * DeleteRDSSnapshot: delete an RDS snapshot (an Aurora cluster snapshot when `dbEngine` is an Aurora engine);
 * a snapshot that is already gone counts as deleted. Kanister: `pkg/function/delete_rds_snapshot.go`.
 */

import type { z } from 'zod';
import { functionArgs, goString } from './arg-schemas.js';
import { checkRdsCredentials, dbEngineArg, rdsCredentialArgs } from './aws-args.js';
import { specExec } from './rds/common.js';
import { execDeleteRDSSnapshot } from './rds/delete-rds-snapshot.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('DeleteRDSSnapshot', {
  snapshotID: goString('the snapshot identifier'),
  dbEngine: dbEngineArg().optional(),
  ...rdsCredentialArgs(),
}).superRefine(checkRdsCredentials);
export type DeleteRDSSnapshotArgs = z.output<typeof args>;

export const deleteRDSSnapshot = {
  name: 'DeleteRDSSnapshot',
  summary: 'Delete an RDS or Aurora cluster snapshot (already gone counts as deleted).',
  args,
  outputs: [],
  needs: ['aws'],
  origin: 'kanister',
  exec: specExec<DeleteRDSSnapshotArgs>((call, clients) => execDeleteRDSSnapshot(call, clients)),
} as const satisfies FunctionSpec<typeof args>;

/**
 * CopyRDSSnapshot (Holdfast): copy an RDS instance snapshot, or an Aurora cluster snapshot when `dbEngine` is
 * an Aurora engine, into another region, re-encrypting it with a key of that region, and optionally share the
 * copy with other accounts. The copy is requested in the destination region (as AWS requires) and waited for
 * through RDS events with a polling fallback.
 */
import type { z } from 'zod';
import { functionArgs, goArg, goBool, goString } from './arg-schemas.js';
import { ACCOUNT_ID, arnRegion, awsRegionArg, dbEngineArg, kmsKeyArg, rdsIdentifierArg } from './aws-args.js';
import { specExec } from './rds/common.js';
import { execCopyRDSSnapshot } from './rds/copy-rds-snapshot.js';
import type { FunctionSpec } from './types.js';
import { decodeList, decodeString, WeakDecodeError } from './weak-decode.js';

const accountIds = goArg('AWS account ids (list of 12-digit strings)', (value) =>
  decodeList(value, (item) => {
    const id = decodeString(item);
    // "all" would make the snapshot public; Holdfast never does that.
    if (!ACCOUNT_ID.test(id)) throw new WeakDecodeError(`${JSON.stringify(id)} is not a 12-digit AWS account id`);
    return id;
  }),
);

const args = functionArgs('CopyRDSSnapshot', {
  /** The source snapshot: its identifier in `sourceRegion`, or its ARN. */
  snapshotID: goString('the source snapshot identifier or ARN'),
  /** Aurora engines copy a DB cluster snapshot; anything else (or nothing) an instance snapshot. */
  dbEngine: dbEngineArg().optional(),
  /** Default: the region in the snapshot ARN, else the location's region. */
  sourceRegion: awsRegionArg('the source region').optional(),
  destinationRegion: awsRegionArg('the destination region'),
  /** A key in the destination region; needed when the source is encrypted (AWS cannot reuse a key across regions). */
  kmsKeyID: kmsKeyArg('the destination KMS key').optional(),
  /** Copy the snapshot's tags to the copy. */
  copyTags: goBool('whether to copy tags').default(true),
  /** Default: derived from the source snapshot and the run, so a retried copy finds the first one. */
  targetSnapshotID: rdsIdentifierArg('the identifier of the copy').optional(),
  /** Accounts allowed to restore the copy (never "all": copies are not made public). */
  shareWithAccounts: accountIds.optional(),
}).superRefine((value, ctx) => {
  const sourceArnRegion = arnRegion(value.snapshotID);
  if (sourceArnRegion && value.sourceRegion && sourceArnRegion !== value.sourceRegion) {
    ctx.addIssue({
      code: 'custom',
      path: ['sourceRegion'],
      message: `is ${value.sourceRegion} but the snapshot ARN is in ${sourceArnRegion}; drop sourceRegion or make them agree`,
    });
  }
  const keyRegion = arnRegion(value.kmsKeyID);
  if (keyRegion && keyRegion !== value.destinationRegion) {
    ctx.addIssue({
      code: 'custom',
      path: ['kmsKeyID'],
      message: `is a key in ${keyRegion}; the copy is encrypted in ${value.destinationRegion}, so use a key of that region`,
    });
  }
});
export type CopyRDSSnapshotArgs = z.output<typeof args>;

export const copyRDSSnapshot = {
  name: 'CopyRDSSnapshot',
  summary:
    'Copy an RDS or Aurora cluster snapshot to another region with a KMS key of that region; optionally share it.',
  args,
  outputs: ['snapshotID', 'snapshotArn', 'region'],
  needs: ['aws'],
  origin: 'holdfast',
  exec: specExec<CopyRDSSnapshotArgs>((call, clients) => execCopyRDSSnapshot(call, clients)),
} as const satisfies FunctionSpec<typeof args>;

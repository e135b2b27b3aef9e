/**
 * CopyRDSSnapshot's execution: find the source (by identifier in the source region, or by ARN), name the copy from
 * the run and phase unless `targetSnapshotID` is given, copy it into the destination region (see
 * shared/aws/rds/copies.ts for KMS, tags, queueing and incremental copies), share it when asked. Outputs the copy's
 * identifier, ARN and region; whether RDS could copy incrementally is logged.
 */

import { copySnapshot } from '../../aws/rds/copies.js';
import { describeSnapshot } from '../../aws/rds/describe.js';
import { RdsRunError } from '../../aws/rds/errors.js';
import { copyIdentifier } from '../../aws/rds/identifiers.js';
import type { RdsOptions } from '../../aws/rds/session.js';
import type { PhaseCall, PhaseOutput } from '../../blueprint/functions-port.js';
import { arnRegion } from '../aws-args.js';
import type { CopyRDSSnapshotArgs } from '../copy-rds-snapshot.js';
import type { EdgeClients } from '../ports.js';
import { kindOf, withRdsSession } from './common.js';

/** The snapshot identifier inside an RDS snapshot ARN (`…:snapshot:<id>`, `…:cluster-snapshot:<id>`). */
const idOf = (snapshot: string): string =>
  snapshot.startsWith('arn:') ? snapshot.replace(/^arn:[^:]+:rds:[^:]*:[^:]*:(cluster-)?snapshot:/, '') : snapshot;

export function execCopyRDSSnapshot(
  call: PhaseCall<CopyRDSSnapshotArgs>,
  clients: EdgeClients,
  options: RdsOptions = {},
): Promise<PhaseOutput> {
  const { args } = call;
  const kind = kindOf(args.dbEngine);
  const region = args.sourceRegion ?? arnRegion(args.snapshotID);
  return withRdsSession(call, clients, { region }, options, async (s) => {
    const sourceId = idOf(args.snapshotID);
    const source = await describeSnapshot(s, kind, sourceId);
    if (!source) {
      throw new RdsRunError(
        kind === 'instance' ? 'DBSnapshotNotFound' : 'DBClusterSnapshotNotFound',
        'CopyRDSSnapshot',
        args.snapshotID,
        `no such source snapshot in ${s.region}`,
        'check snapshotID, sourceRegion and dbEngine (Aurora snapshots are cluster snapshots)',
      );
    }
    const copy = await copySnapshot(s, {
      kind,
      source,
      sourceRegion: s.region,
      targetRegion: args.destinationRegion,
      targetId: args.targetSnapshotID ?? copyIdentifier(s.scope, source.id, args.destinationRegion),
      kmsKeyId: args.kmsKeyID,
      copyTags: args.copyTags,
      shareWith: args.shareWithAccounts ?? [],
    });
    s.log.info('copied the snapshot', { snapshotID: copy.id, region: copy.region, incremental: copy.incremental });
    return { snapshotID: copy.id, snapshotArn: copy.arn, region: copy.region };
  });
}

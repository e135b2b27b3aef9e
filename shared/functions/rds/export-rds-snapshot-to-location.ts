/**
 * ExportRDSSnapshotToLocation's execution — its RDS half, as Kanister (`export_rds_snapshot_location.go`): restore the
 * snapshot into a temporary instance (named from the run and phase, so a retried phase reuses it), hand its endpoint
 * to the dump runner (a task pod running `pg_dump`, streamed to `<backupArtifactPrefix>/<backupID>` in the location),
 * and ALWAYS delete the temporary instance afterwards — after a failure, a timeout or a cancellation too. A cleanup
 * that fails after a successful dump fails the phase: a forgotten instance costs money.
 */

import { describeDb } from '../../aws/rds/describe.js';
import { RdsRunError } from '../../aws/rds/errors.js';
import { dumpBackupID, dumpTaskName, restoreMarker, temporaryInstanceIdentifier } from '../../aws/rds/identifiers.js';
import { removeDb, restoreInto } from '../../aws/rds/restores.js';
import type { RdsOptions, RdsSession } from '../../aws/rds/session.js';
import type { PhaseCall, PhaseOutput } from '../../blueprint/functions-port.js';
import type { ExportRDSSnapshotToLocationArgs } from '../export-rds-snapshot-to-location.js';
import type { EdgeClients } from '../ports.js';
import { kanisterYamlList, withRdsSession } from './common.js';
import { type DumpRunnerFactory, DumpRunnerMissingError, type PostgresDumpRunner } from './dump-runner.js';

export interface ExportToLocationOptions extends RdsOptions {
  readonly dumpRunner?: DumpRunnerFactory;
  /** How long cleanup may take once the phase's own signal has fired. */
  readonly cleanupSeconds?: number;
}

type Args = ExportRDSSnapshotToLocationArgs;

export function execExportRDSSnapshotToLocation(
  call: PhaseCall<Args>,
  clients: EdgeClients,
  options: ExportToLocationOptions = {},
): Promise<PhaseOutput> {
  const runner = options.dumpRunner?.(clients);
  // Before any RDS call: a temporary instance nobody can dump is pure cost.
  if (!runner) return Promise.reject(new DumpRunnerMissingError('ExportRDSSnapshotToLocation'));
  const { args } = call;
  return withRdsSession(call, clients, args, options, async (s) => {
    const securityGroups = args.securityGroupID ?? (await sourceSecurityGroups(s, args.instanceID));
    const temporary = temporaryInstanceIdentifier(s.scope, args.instanceID);
    let outcome: { output: PhaseOutput } | { error: unknown };
    try {
      const backupID = await dumpThrough(s, runner, args, temporary, securityGroups);
      outcome = { output: { ...kanisterOutputs(args, securityGroups), backupID } };
    } catch (error) {
      outcome = { error };
    }
    await cleanUp(s, temporary, 'error' in outcome, options.cleanupSeconds ?? 3600);
    if ('error' in outcome) throw outcome.error;
    return outcome.output;
  });
}

async function dumpThrough(
  s: RdsSession,
  runner: PostgresDumpRunner,
  args: Args,
  temporary: string,
  securityGroups: readonly string[],
): Promise<string> {
  s.log.info('restoring the snapshot into a temporary instance', { snapshotID: args.snapshotID, temporary });
  const db = await restoreInto(s, {
    kind: 'instance',
    dbId: temporary,
    snapshotId: args.snapshotID,
    securityGroups,
    subnetGroup: args.dbSubnetGroup,
    marker: restoreMarker(s.scope, args.snapshotID),
  });
  if (!db.address) throw new RdsRunError('NoEndpoint', 'ExportRDSSnapshotToLocation', temporary, 'has no endpoint', '');
  const backupID = dumpBackupID(s.scope, args.snapshotID);
  await runner.dump({
    namespace: args.namespace,
    taskName: dumpTaskName(s.scope, args.snapshotID),
    host: db.address,
    port: db.port ?? 5432,
    username: (args.username ?? '').trim(),
    password: (args.password ?? '').trim(),
    databases: args.databases,
    path: `${args.backupArtifactPrefix ?? args.instanceID}/${backupID}`,
    podAnnotations: args.podAnnotations,
    podLabels: args.podLabels,
    signal: s.signal,
  });
  return backupID;
}

async function cleanUp(s: RdsSession, temporary: string, failed: boolean, seconds: number): Promise<void> {
  // The phase's signal may be what ended the dump; cleanup gets its own.
  const cleanup = s.withSignal(AbortSignal.any([s.run.signal, AbortSignal.timeout(seconds * 1000)]));
  try {
    await removeDb(cleanup, 'instance', temporary);
    s.log.info('deleted the temporary instance', { temporary });
  } catch (err) {
    s.log.error('could not delete the temporary instance; delete it by hand', { temporary, error: String(err) });
    if (failed) return; // the dump's own error is the one to report
    throw new RdsRunError(
      'TemporaryInstanceLeft',
      'DeleteDBInstance',
      temporary,
      `the dump succeeded but the temporary instance could not be deleted (${err instanceof Error ? err.message : err})`,
      `delete DB instance ${temporary} in ${s.region} by hand`,
      { cause: err },
    );
  }
}

async function sourceSecurityGroups(s: RdsSession, instanceID: string): Promise<string[]> {
  const db = await describeDb(s, 'instance', instanceID);
  if (db) return db.securityGroups;
  throw new RdsRunError(
    'DBInstanceNotFound',
    'ExportRDSSnapshotToLocation',
    instanceID,
    `the source instance is not in ${s.region}, so its security groups cannot be reused for the temporary instance`,
    'pass securityGroupID',
  );
}

const kanisterOutputs = (args: Args, securityGroups: readonly string[]) => ({
  snapshotID: args.snapshotID,
  instanceID: args.instanceID,
  securityGroupID: kanisterYamlList(securityGroups),
});

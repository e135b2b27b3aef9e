/**
 * `holdfast restore RESTORE_POINT`: restores a restore point — RDS/Aurora from its snapshot (or the copy in
 * `--from-region`), manifests, then the blueprint's `restore` action with the restore point's artifacts — in place, or
 * into `--namespace` / `--instance`. Follows the restore run to the end unless `--no-wait` (remote only).
 */
import { CliError, type ExitCode } from '../errors.js';
import type { Io, OutputFormat } from '../output.js';
import { type CommonOptions, withBackend } from '../with-backend.js';
import { finish } from './backup.js';
import { findRestorePoint } from './restore-points.js';

export interface RestoreOptions extends CommonOptions {
  readonly app?: string;
  readonly namespace?: string;
  readonly instance?: string;
  readonly fromRegion?: string;
  readonly wait: boolean;
  readonly output: OutputFormat;
}

export async function restoreCommand(restorePointId: string, opts: RestoreOptions, io: Io): Promise<ExitCode> {
  return withBackend(opts, io, async (backend) => {
    const rp = await findRestorePoint(backend, restorePointId, opts.app);
    const res = await backend.invoke({
      action: 'restore',
      subjectId: rp.subjectId,
      restorePointId: rp.id,
      target: { namespace: opts.namespace, rdsInstanceId: opts.instance, fromRegion: opts.fromRegion },
    });
    if (res.action !== 'restore') throw new CliError('unexpected answer to a restore request');
    if (!res.started) io.stderr(`holdfast: restore ${res.runId} was already asked for this minute; following it\n`);
    return finish(backend, [res.runId], { restorePoint: rp.id, runId: res.runId, started: res.started }, opts, io);
  });
}

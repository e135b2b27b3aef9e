import { describe, expect, it } from 'vitest';
import { functionRegistry } from '../../../shared/functions/registry.js';
import { REJECTED_FUNCTIONS, rejectionMessage } from '../../../shared/functions/rejected.js';

// Each name is a function registered in kanisterio/kanister pkg/function/ (backup_data.go, backup_data_all.go,
// backup_data_stats.go, restore_data.go, restore_data_all.go, copy_volume_data.go, delete_data.go,
// delete_data_all.go, location_delete.go, checkRepository.go, describe_backups.go, *_using_kopia_server.go,
// create_volume_snapshot.go, create_volume_from_snapshot.go, delete_volume_snapshot.go,
// wait_for_snapshot_completion.go, create_csi_snapshot_static.go, delete_csi_snapshot_content.go,
// kube_task_parallel.go (the former name of MultiContainerRun), kubetask_with_backup_pvc.go,
// kubetask_with_restore_pvc.go, wait_for_ephemeral_snapshot.go).
const DATA_MOVER = [
  'BackupData',
  'BackupDataAll',
  'BackupDataStats',
  'RestoreData',
  'RestoreDataAll',
  'CopyVolumeData',
  'DeleteData',
  'DeleteDataAll',
  'LocationDelete',
  'BackupDataUsingKopiaServer',
  'RestoreDataUsingKopiaServer',
  'DeleteDataUsingKopiaServer',
  'CheckRepository',
];
const BLOCK_STORAGE = [
  'CreateVolumeSnapshot',
  'CreateVolumeFromSnapshot',
  'DeleteVolumeSnapshot',
  'WaitForSnapshotCompletion',
];

describe('refused Kanister functions', () => {
  it.each(DATA_MOVER)('%s is refused because it needs restic/kopia and credentials in pods', (name) => {
    const rejection = functionRegistry.rejection(name);
    expect(rejection?.reason).toMatch(/restic\/kopia/);
    expect(rejection?.reason).toMatch(/credentials/);
  });

  it.each(BLOCK_STORAGE)('%s is refused in favour of the CSI functions', (name) => {
    const rejection = functionRegistry.rejection(name);
    expect(rejection?.reason).toMatch(/block-snapshot API/);
    expect(rejection?.alternative).toMatch(/(Create|Restore|Delete)CSISnapshot/);
  });

  it('the message names the function, the reason and the native alternative', () => {
    const rejection = functionRegistry.rejection('BackupData');
    expect(rejection && rejectionMessage(rejection)).toBe(
      "BackupData is not supported by Holdfast: it needs Kanister's restic/kopia data mover (kando and the kanister-tools image) running inside pods with the location's credentials; Holdfast keeps storage credentials out of the cluster. Use instead: StreamToLocation (e.g. command [tar, c, -C, /data, .]) or CreateCSISnapshot for whole volumes.",
    );
  });

  it('points the old KubeTaskParallel name at MultiContainerRun', () => {
    expect(functionRegistry.rejection('KubeTaskParallel')?.alternative).toBe('MultiContainerRun');
  });

  it('every alternative that names a function names one Holdfast runs', () => {
    const supported = new Set(functionRegistry.list().map((spec) => spec.name));
    for (const rejected of REJECTED_FUNCTIONS) {
      const named = rejected.alternative.match(/\b[A-Z][a-z]+(?:[A-Z][A-Za-z]*)+\b/g) ?? [];
      for (const name of named) expect(supported.has(name), `${rejected.name} → ${name}`).toBe(true);
    }
  });
});

/**
 * Kanister functions Holdfast refuses at validation, each with the reason and the native way to do the same
 * job. Names are checked against kanisterio/kanister `pkg/function/` (see the test for the files).
 */
import type { RejectedFunction } from './types.js';

const DATA_MOVER =
  "needs Kanister's restic/kopia data mover (kando and the kanister-tools image) running inside pods with the location's credentials; Holdfast keeps storage credentials out of the cluster";
const KOPIA_SERVER = `${DATA_MOVER}, plus a Kopia repository server (RepositoryServer CR)`;
const BLOCK_STORAGE =
  "calls the storage provider's block-snapshot API (EBS, GCE PD) directly with Profile credentials instead of going through Kubernetes";
const RETENTION =
  'nothing in the blueprint: Holdfast deletes the location objects of a restore point when retention expires it';
const BACKUP_PVC =
  'a newer upstream function (2026) built on a backup CSI driver with kopia storage classes, which Holdfast does not deploy';

export const REJECTED_FUNCTIONS: readonly RejectedFunction[] = [
  {
    name: 'BackupData',
    reason: DATA_MOVER,
    alternative: 'StreamToLocation (e.g. command [tar, c, -C, /data, .]) or CreateCSISnapshot for whole volumes',
  },
  {
    name: 'BackupDataAll',
    reason: DATA_MOVER,
    alternative: 'one StreamToLocation phase per pod, or CreateCSISnapshot for whole volumes',
  },
  {
    name: 'BackupDataStats',
    reason: DATA_MOVER,
    alternative: 'the size and sha256 outputs of StreamToLocation, which Holdfast records on the restore point',
  },
  {
    name: 'RestoreData',
    reason: DATA_MOVER,
    alternative: 'StreamFromLocation (e.g. command [tar, x, -C, /data]) or RestoreCSISnapshot for whole volumes',
  },
  {
    name: 'RestoreDataAll',
    reason: DATA_MOVER,
    alternative: 'one StreamFromLocation phase per pod, or RestoreCSISnapshot for whole volumes',
  },
  { name: 'CopyVolumeData', reason: DATA_MOVER, alternative: 'CreateCSISnapshot of the PVC' },
  { name: 'DeleteData', reason: DATA_MOVER, alternative: RETENTION },
  { name: 'DeleteDataAll', reason: DATA_MOVER, alternative: RETENTION },
  { name: 'LocationDelete', reason: DATA_MOVER, alternative: RETENTION },
  {
    name: 'CheckRepository',
    reason: DATA_MOVER,
    alternative: 'nothing: Holdfast keeps no restic/kopia repository; objects carry a sha256 checked on restore',
  },
  { name: 'DescribeBackups', reason: DATA_MOVER, alternative: 'the restore points Holdfast records for each run' },
  { name: 'BackupDataUsingKopiaServer', reason: KOPIA_SERVER, alternative: 'StreamToLocation' },
  { name: 'BackupDataAllUsingKopiaServer', reason: KOPIA_SERVER, alternative: 'one StreamToLocation phase per pod' },
  { name: 'CopyVolumeDataUsingKopiaServer', reason: KOPIA_SERVER, alternative: 'CreateCSISnapshot of the PVC' },
  { name: 'RestoreDataUsingKopiaServer', reason: KOPIA_SERVER, alternative: 'StreamFromLocation' },
  { name: 'DeleteDataUsingKopiaServer', reason: KOPIA_SERVER, alternative: RETENTION },
  { name: 'CreateVolumeSnapshot', reason: BLOCK_STORAGE, alternative: 'CreateCSISnapshot (one phase per PVC)' },
  { name: 'CreateVolumeFromSnapshot', reason: BLOCK_STORAGE, alternative: 'RestoreCSISnapshot (one phase per PVC)' },
  { name: 'DeleteVolumeSnapshot', reason: BLOCK_STORAGE, alternative: 'DeleteCSISnapshot (one phase per snapshot)' },
  {
    name: 'WaitForSnapshotCompletion',
    reason: BLOCK_STORAGE,
    alternative: 'CreateCSISnapshot, which already waits until the snapshot is ready to use',
  },
  {
    name: 'CreateCSISnapshotStatic',
    reason: 'pre-provisioned snapshots from a storage-side handle are not supported yet',
    alternative: 'CreateCSISnapshot of the PVC',
  },
  {
    name: 'DeleteCSISnapshotContent',
    reason: 'deleting unbound VolumeSnapshotContents is not supported yet',
    alternative: "DeleteCSISnapshot (its content goes with it under the class's Delete policy)",
  },
  { name: 'KubeTaskParallel', reason: 'the former name of MultiContainerRun', alternative: 'MultiContainerRun' },
  {
    name: 'KubeTaskWithBackupPVC',
    reason: BACKUP_PVC,
    alternative: 'KubeTask writing to a PVC, then CreateCSISnapshot; or StreamToLocation',
  },
  {
    name: 'KubeTaskWithRestorePVC',
    reason: BACKUP_PVC,
    alternative: 'RestoreCSISnapshot, then KubeTask with a podOverride mounting the PVC; or StreamFromLocation',
  },
  { name: 'WaitForEphemeralSnapshot', reason: BACKUP_PVC, alternative: 'CreateCSISnapshot, which waits until ready' },
];

/** The message `holdfast validate` shows for a phase using a refused function. */
export function rejectionMessage(rejected: RejectedFunction): string {
  return `${rejected.name} is not supported by Holdfast: it ${rejected.reason}. Use instead: ${rejected.alternative}.`;
}

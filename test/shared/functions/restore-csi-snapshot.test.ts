import { describe, expect, it } from 'vitest';
import { restoreCSISnapshot } from '../../../shared/functions/restore-csi-snapshot.js';
import { parsed, problemsOf } from './parse-helpers.js';

const base = { name: 'snap', pvc: 'data-restored', namespace: 'ns', storageClass: 'gp3', restoreSize: '10Gi' };

describe('RestoreCSISnapshot args', () => {
  it("applies Kanister's defaults", () => {
    expect(parsed(restoreCSISnapshot, base)).toEqual({
      ...base,
      accessModes: ['ReadWriteOnce'],
      volumeMode: 'Filesystem',
    });
  });

  it('checks access modes, volume mode and size as Kanister does before creating the PVC', () => {
    expect(problemsOf(restoreCSISnapshot, { ...base, accessModes: 'ReadWriteOncePod' })).toEqual([
      'accessModes[0]: "ReadWriteOncePod" is not an access mode (ReadWriteOnce, ReadOnlyMany, ReadWriteMany)',
    ]);
    expect(problemsOf(restoreCSISnapshot, { ...base, volumeMode: 'filesystem' })).toEqual([
      'volumeMode: "filesystem" is not one of Filesystem, Block',
    ]);
    expect(problemsOf(restoreCSISnapshot, { ...base, restoreSize: '0Gi' })).toEqual([
      'restoreSize: "0Gi" must be greater than zero',
    ]);
  });
});

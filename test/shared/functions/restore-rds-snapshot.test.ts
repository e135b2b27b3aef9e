import { describe, expect, it } from 'vitest';
import { restoreRDSSnapshot } from '../../../shared/functions/restore-rds-snapshot.js';
import { parsed, problemsOf } from './parse-helpers.js';

const dump = {
  instanceID: 'db',
  backupArtifactPrefix: 'pg/db',
  backupID: 'backup-x.tar.gz',
  username: 'u',
  password: 'p',
  namespace: 'ns',
  dbEngine: 'PostgreSQL',
};

describe('RestoreRDSSnapshot args', () => {
  it('restores from a snapshot with only instanceID and snapshotID', () => {
    expect(parsed(restoreRDSSnapshot, { instanceID: 'db', snapshotID: 'db-snap' })).toEqual({
      instanceID: 'db',
      snapshotID: 'db-snap',
      dbSubnetGroup: 'default',
      credentialsSource: 'profile',
    });
  });

  it('without a snapshot, needs every dump arg and the PostgreSQL engine', () => {
    expect(problemsOf(restoreRDSSnapshot, dump)).toEqual([]);
    expect(problemsOf(restoreRDSSnapshot, { instanceID: 'db', snapshotID: '', backupID: 'b' })).toEqual([
      'snapshotID: no snapshotID, so this restores from a dump, which also needs backupArtifactPrefix, username, password, namespace',
      'dbEngine: no snapshotID, so this restores from a dump, and dumps exist only for dbEngine PostgreSQL',
    ]);
  });

  it('reads securityGroupID as CreateRDSSnapshot writes it (a YAML list in a string)', () => {
    expect(
      parsed(restoreRDSSnapshot, { instanceID: 'db', snapshotID: 's', securityGroupID: '- sg-1\n- sg-2\n' })
        .securityGroupID,
    ).toEqual(['sg-1', 'sg-2']);
  });

  it('needs the Secret name when credentials come from a Secret', () => {
    expect(problemsOf(restoreRDSSnapshot, { instanceID: 'db', snapshotID: 's', credentialsSource: 'secret' })).toEqual([
      'credentialsSecret: credentialsSource is secret, so name the Secret (a phase object) in credentialsSecret',
    ]);
    expect(problemsOf(restoreRDSSnapshot, { instanceID: 'db', snapshotID: 's', credentialsSource: 'vault' })).toEqual([
      'credentialsSource: "vault" is not one of profile, secret, eks_service_account',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { copyRDSSnapshot } from '../../../shared/functions/copy-rds-snapshot.js';
import { parsed, problemsOf } from './parse-helpers.js';

const base = { snapshotID: 'db-snap-1', destinationRegion: 'eu-west-1' };

describe('CopyRDSSnapshot args', () => {
  it('copies tags by default and leaves the rest to derive', () => {
    expect(parsed(copyRDSSnapshot, base)).toEqual({ ...base, copyTags: true });
  });

  it('accepts a source ARN, a destination key ARN and accounts to share with', () => {
    const args = parsed(copyRDSSnapshot, {
      snapshotID: 'arn:aws:rds:us-east-1:111122223333:cluster-snapshot:db-snap-1',
      dbEngine: 'aurora-postgresql',
      destinationRegion: 'eu-west-1',
      kmsKeyID: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      copyTags: 'false',
      targetSnapshotID: 'db-snap-1-eu',
      shareWithAccounts: '444455556666',
    });
    expect(args.copyTags).toBe(false);
    expect(args.shareWithAccounts).toEqual(['444455556666']);
  });

  it('refuses a key from another region than the copy', () => {
    expect(
      problemsOf(copyRDSSnapshot, {
        ...base,
        kmsKeyID: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      }),
    ).toEqual(['kmsKeyID: is a key in us-east-1; the copy is encrypted in eu-west-1, so use a key of that region']);
  });

  it('refuses a source region that contradicts the snapshot ARN', () => {
    expect(
      problemsOf(copyRDSSnapshot, {
        snapshotID: 'arn:aws:rds:us-east-1:111122223333:snapshot:db-snap-1',
        sourceRegion: 'us-west-2',
        destinationRegion: 'eu-west-1',
      }),
    ).toEqual([
      'sourceRegion: is us-west-2 but the snapshot ARN is in us-east-1; drop sourceRegion or make them agree',
    ]);
  });

  it('never shares publicly and checks identifiers and regions', () => {
    expect(problemsOf(copyRDSSnapshot, { ...base, shareWithAccounts: ['all'] })).toEqual([
      'shareWithAccounts[0]: "all" is not a 12-digit AWS account id',
    ]);
    expect(problemsOf(copyRDSSnapshot, { ...base, targetSnapshotID: '1st--copy' })).toEqual([
      'targetSnapshotID: "1st--copy" is not an RDS identifier (a letter, then letters, digits and single hyphens)',
    ]);
    expect(problemsOf(copyRDSSnapshot, { ...base, destinationRegion: 'Ireland' })).toEqual([
      'destinationRegion: "Ireland" is not an AWS region such as eu-west-1',
    ]);
  });
});

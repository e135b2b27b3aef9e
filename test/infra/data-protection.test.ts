/**
 * Data at rest and in transit: everything that stores data is encrypted with the deployment's KMS key (or the
 * destination key in a copy region), every bucket refuses plain HTTP and old TLS and blocks public access, the table
 * keeps point-in-time recovery and has the store's keys and TTL, artifacts replicate to the destination region.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackNames } from '../../infra/names.js';
import { tableDefinition } from '../../shared/aws/store/table.js';
import { type Synthesized, synthHoldfast } from './support/synth.js';

let synth: Synthesized;
let names: { stateful: string; agents: string; region: string };

type Resources = Record<string, { Properties: Record<string, unknown> }>;

beforeAll(() => {
  synth = synthHoldfast({ nag: false });
  names = {
    stateful: stackNames.stateful(synth.config),
    agents: stackNames.agents(synth.config),
    region: stackNames.region(synth.config, 'us-east-1'),
  };
});

afterAll(() => synth?.cleanup());

/** The deployment key as the other stacks see it (a GetAtt in its own stack, an import elsewhere). */
function isDeploymentKey(value: unknown): boolean {
  const v = JSON.stringify(value);
  return (
    v === JSON.stringify({ 'Fn::GetAtt': ['Key961B73FD', 'Arn'] }) || /ExportsOutputFnGetAttKey961B73FDArn/.test(v)
  );
}

describe('encryption at rest with the deployment KMS key', () => {
  it('the key rotates and is kept when the stack is deleted', () => {
    synth.template(names.stateful).hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
  });

  it('encrypts the table', () => {
    synth.template(names.stateful).hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } },
    });
  });

  it('encrypts the artifact bucket with SSE-KMS', () => {
    synth.template(names.stateful).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.anyValue(),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] },
            },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
  });

  it('encrypts the event bus', () => {
    synth.template(names.stateful).hasResourceProperties('AWS::Events::EventBus', {
      Name: 'holdfast',
      KmsKeyIdentifier: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] },
    });
  });

  it('encrypts every dead-letter queue and the alarm topic of the agents stack', () => {
    const t = synth.template(names.agents);
    const queues = Object.entries(t.findResources('AWS::SQS::Queue') as Resources);
    expect(queues.length).toBeGreaterThan(0);
    for (const [id, q] of queues) expect(isDeploymentKey(q.Properties.KmsMasterKeyId), id).toBe(true);
    for (const [id, topic] of Object.entries(t.findResources('AWS::SNS::Topic') as Resources)) {
      expect(isDeploymentKey(topic.Properties.KmsMasterKeyId), id).toBe(true);
    }
  });

  it('encrypts the replica in the destination region with the configured destination key', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    synth.template(names.region).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'holdfast-replica-123456789012-us-east-1',
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } },
        ],
      },
    });
  });
});

describe('buckets', () => {
  const allBuckets = () =>
    [names.stateful, names.region].flatMap((stack) => {
      const t = synth.template(stack);
      return Object.keys(t.findResources('AWS::S3::Bucket')).map((id) => ({ stack, id, t }));
    });

  it('every bucket blocks all public access', () => {
    const buckets = allBuckets();
    expect(buckets.length).toBeGreaterThanOrEqual(4);
    for (const { t, id } of buckets) {
      const props = (t.findResources('AWS::S3::Bucket') as Resources)[id]?.Properties;
      expect(props?.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(props?.OwnershipControls, id).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    }
  });

  it('every bucket policy denies requests without TLS and below TLS 1.2', () => {
    for (const { t, id } of allBuckets()) {
      const policies = Object.values(t.findResources('AWS::S3::BucketPolicy') as Resources).filter(
        (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id }),
      );
      const statements = policies.flatMap(
        (p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      );
      const denies = statements.filter(
        (s) => s.Effect === 'Deny' && s.Principal && JSON.stringify(s.Principal).includes('*'),
      );
      expect(
        denies.some(
          (s) => JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
        `${id}: no TLS-only statement`,
      ).toBe(true);
      expect(
        denies.some(
          (s) => JSON.stringify(s.Condition) === JSON.stringify({ NumericLessThan: { 's3:TlsVersion': 1.2 } }),
        ),
        `${id}: no minimum TLS statement`,
      ).toBe(true);
    }
  });

  it('artifacts are versioned, logged, and replicated to the destination region with its key', () => {
    synth.template(names.stateful).hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      ReplicationConfiguration: {
        Role: Match.anyValue(),
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            Destination: {
              Bucket: 'arn:aws:s3:::holdfast-replica-123456789012-us-east-1',
              EncryptionConfiguration: {
                ReplicaKmsKeyID: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
              },
            },
          }),
        ],
      },
    });
  });
});

describe('table', () => {
  it('has point-in-time recovery, deletion protection and the store definition (keys, GSIs, TTL)', () => {
    const t = synth.template(names.stateful);
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
      ],
    });
    const table = Object.values(t.findResources('AWS::DynamoDB::Table') as Resources)[0];
    const gsis = table?.Properties.GlobalSecondaryIndexes as { IndexName: string; Projection: unknown }[];
    expect(gsis.map((g) => g.IndexName)).toEqual(tableDefinition.globalSecondaryIndexes.map((g) => g.indexName));
    const gsi2 = gsis.find((g) => g.IndexName === 'gsi2');
    expect(gsi2?.Projection).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: [...(tableDefinition.globalSecondaryIndexes[1].nonKeyAttributes ?? [])],
    });
  });
});

/**
 * The PostgreSQL dump paths end to end: ExportRDSSnapshotToLocation restores a snapshot into a temporary instance
 * (local/rds-api, real PostgreSQL), runs `pg_dump` in a task pod (local/kube-api: containers are local processes,
 * the tools image maps to the local PostgreSQL binaries) streaming into the S3 location (s3rver), and deletes the
 * instance, pod and Secret; RestoreRDSSnapshot without a snapshot streams the dump back into another instance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type RdsApi, startRdsApi } from '../../local/rds-api/index.js';
import { S3Location } from '../../shared/aws/location.js';
import type { ObjectResolver } from '../../shared/blueprint/functions-port.js';
import { InProcessRunContext } from '../../shared/blueprint/in-process-context.js';
import { type ActionResult, type ParamsObject, runAction } from '../../shared/blueprint/interpreter.js';
import { blueprintSchema } from '../../shared/blueprint/schema.js';
import { functionLookup } from '../../shared/engine/function-lookup.js';
import { createRenderer } from '../../shared/engine/renderer.js';
import type { EdgeClients } from '../../shared/functions/ports.js';
import { POSTGRES_TOOLS_IMAGE } from '../../shared/functions/rds/kube-dump-runner.js';
import { psql } from '../local/rds-api/helpers.js';
import { type LocalCluster, startLocalCluster } from '../support/kube.js';
import { type S3rverHandle, startS3rver } from '../support/s3rver.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const noObjects: ObjectResolver = {
  secret: async () => {
    throw new Error('no Secrets in this test');
  },
  configMap: async () => {
    throw new Error('no ConfigMaps in this test');
  },
};

const blueprint = blueprintSchema.parse({
  apiVersion: 'cr.kanister.io/v1alpha1',
  kind: 'Blueprint',
  metadata: { name: 'rds-dump' },
  actions: parse(`
backup:
  outputArtifacts:
    dump: { keyValue: { backupID: "{{ .Phases.exportSnapshot.Output.backupID }}" } }
  phases:
  - { func: CreateRDSSnapshot, name: createSnapshot, args: { instanceID: billing } }
  - func: ExportRDSSnapshotToLocation
    name: exportSnapshot
    args:
      namespace: default
      instanceID: billing
      snapshotID: "{{ .Phases.createSnapshot.Output.snapshotID }}"
      securityGroupID: "{{ .Phases.createSnapshot.Output.securityGroupID }}"
      dbEngine: PostgreSQL
      username: master
      password: master-password
      backupArtifactPrefix: rds/billing
restore:
  phases:
  - func: RestoreRDSSnapshot
    name: restoreFromDump
    args:
      instanceID: fresh
      dbEngine: PostgreSQL
      namespace: default
      username: master
      password: master-password
      backupArtifactPrefix: rds/billing
      backupID: "{{ .ArtifactsIn.dump.KeyValue.backupID }}"
`),
});

describe('RDS PostgreSQL dumps through a task pod into the location', () => {
  let api: RdsApi;
  let dataDir: string;
  let cluster: LocalCluster;
  let s3: S3rverHandle;
  let clients: EdgeClients;
  let rdsClient: RDSClient;

  beforeAll(async () => {
    // Short: local/rds-api puts PostgreSQL sockets under the data dir (Unix socket paths are at most 107 bytes).
    dataDir = mkdtempSync('/tmp/r');
    api = await startRdsApi({ dataDir, delays: { creating: 100, restoring: 100, deleting: 50 }, log: () => {} });
    cluster = await startLocalCluster({ imagePath: { [POSTGRES_TOOLS_IMAGE]: ['/usr/lib/postgresql/15/bin'] } });
    s3 = await startS3rver();
    rdsClient = new RDSClient({
      endpoint: api.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    clients = {
      rds: { defaultRegion: 'us-east-1', client: () => rdsClient },
      kube: cluster.access,
      location: new S3Location({ bucket: s3.bucket, prefix: 'holdfast', region: 'us-east-1', client: s3.client }),
    };
  }, 120_000);

  afterAll(async () => {
    rdsClient?.destroy();
    await api?.close();
    await cluster?.api.close();
    await s3?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (action: string, params: ParamsObject, runId: string): Promise<ActionResult> =>
    runAction({
      blueprint,
      action,
      params,
      functions: functionLookup(clients),
      renderer: createRenderer(),
      resolver: noObjects,
      run: new InProcessRunContext({ log: silent, runId, firstPollMs: 20, maxPollMs: 200 }),
    });

  it('dumps a snapshot through a temporary instance and restores the dump into another instance', async () => {
    const billing = await api.createInstance({ id: 'billing', dbName: 'app' });
    const conn = { port: billing.port, user: 'master', password: 'master-password', database: 'app' };
    psql(
      conn,
      "CREATE TABLE invoices (id int, note text); INSERT INTO invoices SELECT i, 'it''s #' || i FROM generate_series(1, 4) i;",
    );

    const backup = await run('backup', {}, 'dump-backup');
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const backupID = String(backup.artifacts?.dump?.keyValue?.backupID);
    psql(conn, "INSERT INTO invoices VALUES (5, 'after');");

    // The dump is in the location, compressed, with the rows as of the snapshot.
    const object = await s3.client.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: `holdfast/rds/billing/${backupID}` }),
    );
    const sql = gunzipSync(Buffer.from((await object.Body?.transformToByteArray()) ?? [])).toString('utf8');
    expect(sql).toContain('CREATE DATABASE app');
    expect(sql.match(/INSERT INTO public\.invoices/g)).toHaveLength(4);

    // Nothing temporary is left: no instance but the source, no pod, no Secret.
    const instances = await rdsClient.send(new DescribeDBInstancesCommand({}));
    expect(instances.DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(['billing']);
    expect((await cluster.core.listNamespacedPod({ namespace: 'default' })).items).toEqual([]);
    const secrets = (await cluster.core.listNamespacedSecret({ namespace: 'default' })).items;
    expect(secrets.filter((s) => s.metadata?.name?.startsWith('rds-dump-'))).toEqual([]);

    const fresh = await api.createInstance({ id: 'fresh' });
    const restore = await run('restore', { ArtifactsIn: { dump: { KeyValue: { backupID } } } }, 'dump-restore');
    expect(restore.status, restore.error?.message).toBe('succeeded');
    expect(restore.phases[0]?.output).toEqual({ endpoint: '127.0.0.1' });
    const restored = { ...conn, port: fresh.port };
    expect(psql(restored, 'SELECT count(*) FROM invoices')).toBe('4');
    expect(psql(restored, 'SELECT note FROM invoices WHERE id = 2')).toBe("it's #2");
  });
});

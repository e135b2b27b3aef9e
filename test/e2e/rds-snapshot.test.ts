/**
 * RDS end to end through local/rds-api (real PostgreSQL behind the real SDK): the seed blueprint's backup, restore
 * and delete actions run through the interpreter with the registry's RDS functions; a cross-region copy and an export
 * complete by the `aws.rds` events the API posts to a local receiver (which calls `InProcessRunContext.notify`), by
 * polling when events are dropped, and once when every event is delivered twice.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  DescribeExportTasksCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rdsEventSchema, waitKeyForRdsEvent } from '../../events/rds.js';
import { type DbInfo, type RdsApi, startRdsApi } from '../../local/rds-api/index.js';
import type { ObjectResolver } from '../../shared/blueprint/functions-port.js';
import { InProcessRunContext } from '../../shared/blueprint/in-process-context.js';
import { type ActionResult, type ParamsObject, runAction } from '../../shared/blueprint/interpreter.js';
import { blueprintSchema } from '../../shared/blueprint/schema.js';
import { functionLookup } from '../../shared/engine/function-lookup.js';
import { createRenderer } from '../../shared/engine/renderer.js';
import type { EdgeClients } from '../../shared/functions/ports.js';
import { psql } from '../local/rds-api/helpers.js';
import { repoRoot } from '../support/cli.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const noObjects: ObjectResolver = {
  secret: async () => {
    throw new Error('no Secrets in this test');
  },
  configMap: async () => {
    throw new Error('no ConfigMaps in this test');
  },
};

interface Delivery {
  readonly eventId?: string;
  readonly key?: string;
  readonly woke: boolean;
}

/** The stand-in for functions/rds-events: parses each posted event and completes the wait it names. */
class EventReceiver {
  readonly deliveries: Delivery[] = [];
  readonly raw: string[] = [];
  readonly runs = new Set<InProcessRunContext>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.raw.push(body);
        this.deliver(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/events`;
  }

  deliver(body: string): Delivery {
    const event = rdsEventSchema.parse(JSON.parse(body));
    const key = waitKeyForRdsEvent(event);
    let woke = false;
    if (key) for (const run of this.runs) woke = run.notify(key) || woke;
    const delivery = { eventId: event.detail.EventID, key: key && `${key.kind}#${key.id}`, woke };
    this.deliveries.push(delivery);
    return delivery;
  }

  woken(key: string): number {
    return this.deliveries.filter((d) => d.key === key && d.woke).length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const seed = blueprintSchema.parse(
  parse(readFileSync(join(repoRoot, 'examples/seed-blueprints/rds-postgres-snapshot-bp.yaml'), 'utf8')),
);

const replicate = blueprintSchema.parse({
  apiVersion: 'cr.kanister.io/v1alpha1',
  kind: 'Blueprint',
  metadata: { name: 'rds-replicate' },
  actions: parse(`
replicate:
  phases:
  - func: CopyRDSSnapshot
    name: copy
    args: { snapshotID: "{{ .Options.snapshot }}", destinationRegion: eu-west-1, kmsKeyID: alias/backup-eu }
  - func: StartRDSExportTask
    name: export
    args:
      snapshotID: "{{ .Options.snapshot }}"
      s3Bucket: holdfast-exports
      s3Prefix: shop
      iamRoleArn: arn:aws:iam::123456789012:role/rds-export
      kmsKeyID: alias/exports
`),
});

describe('RDS end to end through local/rds-api', () => {
  const mode = { drop: false, duplicate: false };
  const receiver = new EventReceiver();
  const sdkClients = new Map<string, RDSClient>();
  let api: RdsApi;
  let dataDir: string;
  let clients: EdgeClients;

  const client = (region = 'us-east-1') => {
    let c = sdkClients.get(region);
    if (!c) {
      c = new RDSClient({
        endpoint: api.url,
        region,
        credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
      });
      sdkClients.set(region, c);
    }
    return c;
  };

  async function run(
    blueprint: typeof seed,
    action: string,
    params: ParamsObject,
    runId: string,
    firstPollMs: number,
  ): Promise<ActionResult> {
    const rc = new InProcessRunContext({ log: silent, runId, firstPollMs, maxPollMs: Math.max(firstPollMs, 200) });
    receiver.runs.add(rc);
    try {
      return await runAction({
        blueprint,
        action,
        params,
        functions: functionLookup(clients),
        renderer: createRenderer(),
        resolver: noObjects,
        run: rc,
      });
    } finally {
      receiver.runs.delete(rc);
    }
  }

  /** A snapshot of `shop` to copy and export, taken through the seed blueprint's backup action. */
  async function shopSnapshot(runId: string): Promise<string> {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', data: { 'postgres.instanceid': 'shop' } };
    const result = await run(seed, 'backup', { Object: object }, runId, 20);
    expect(result.status, result.error?.message).toBe('succeeded');
    return String(result.artifacts?.backupInfo?.keyValue?.snapshotID);
  }

  beforeAll(async () => {
    await receiver.start();
    // Short: local/rds-api puts PostgreSQL's socket under <dataDir>/tmp/<n>-export-<task id>/, and a Unix socket
    // path may not exceed 107 bytes.
    dataDir = mkdtempSync('/tmp/r');
    api = await startRdsApi({
      dataDir,
      eventsUrl: receiver.url,
      delays: {
        provisioning: 50,
        restoring: 300,
        creating: 300,
        copying: 800,
        deleting: 100,
        exportStarting: 300,
        exportRunning: 500,
      },
      dropEvents: () => mode.drop,
      duplicateEvents: () => mode.duplicate,
      log: () => {},
    });
    clients = { rds: { defaultRegion: 'us-east-1', client } };
    const shop = await api.createInstance({ id: 'shop', dbName: 'app' });
    psql(conn(shop), 'CREATE TABLE items (n int); INSERT INTO items SELECT generate_series(1, 3);');
  }, 120_000);

  afterAll(async () => {
    for (const c of sdkClients.values()) c.destroy();
    await api?.close();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const conn = (db: Pick<DbInfo, 'port' | 'masterUsername' | 'masterPassword'>) => ({
    port: db.port,
    user: db.masterUsername,
    password: db.masterPassword,
    database: 'app',
  });

  async function portOf(id: string): Promise<number> {
    const out = await client().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return Number(out.DBInstances?.[0]?.Endpoint?.Port);
  }

  it('seed blueprint: rows written before the snapshot survive a restore, rows written after it do not; delete removes it', async () => {
    const orders = await api.createInstance({ id: 'orders', dbName: 'app' });
    const db = conn(orders);
    psql(db, 'CREATE TABLE orders (id int); INSERT INTO orders SELECT generate_series(1, 5);');
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dbconfig' },
      data: { 'postgres.instanceid': 'orders' },
    };

    const backup = await run(seed, 'backup', { Object: object }, 'seed-backup', 20);
    expect(backup.status, backup.error?.message).toBe('succeeded');
    const info = backup.artifacts?.backupInfo?.keyValue ?? {};
    expect(info).toMatchObject({
      instanceID: 'orders',
      securityGroupID: '- sg-0123456789abcdef0\n',
      allocatedStorage: '20GiB',
      dbSubnetGroup: 'default',
    });

    psql(db, 'INSERT INTO orders SELECT generate_series(6, 8);');
    expect(psql(db, 'SELECT count(*) FROM orders')).toBe('8');

    const restore = await run(
      seed,
      'restore',
      { Object: object, ArtifactsIn: { backupInfo: { KeyValue: info } } },
      'seed-restore',
      20,
    );
    expect(restore.status, restore.error?.message).toBe('succeeded');
    expect(restore.phases[0]?.output).toEqual({ endpoint: '127.0.0.1' });
    const restored = { ...db, port: await portOf('orders') };
    expect(psql(restored, 'SELECT count(*) FROM orders')).toBe('5');
    expect(psql(restored, 'SELECT max(id) FROM orders')).toBe('5');

    const removed = await run(
      seed,
      'delete',
      { Object: object, ArtifactsIn: { backupInfo: { KeyValue: info } } },
      'seed-delete',
      20,
    );
    expect(removed.status, removed.error?.message).toBe('succeeded');
    await expect(
      client().send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: info.snapshotID })),
    ).rejects.toThrow(/not found/);
  });

  async function replicateShop(runId: string, firstPollMs: number) {
    const snapshot = await shopSnapshot(`${runId}-snapshot`);
    const result = await run(replicate, 'replicate', { Options: { snapshot } }, runId, firstPollMs);
    expect(result.status, result.error?.message).toBe('succeeded');
    const [copy, exported] = result.phases;
    return { snapshot, copy: copy?.output ?? {}, exported: exported?.output ?? {} };
  }

  it('a copy to a second region and an export complete by event (polling alone would take a minute)', async () => {
    const { snapshot, copy, exported } = await replicateShop('by-event', 60_000);

    expect(copy).toMatchObject({ region: 'eu-west-1' });
    const copied = await client('eu-west-1').send(
      new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: String(copy.snapshotID) }),
    );
    expect(copied.DBSnapshots?.[0]).toMatchObject({ Status: 'available', Encrypted: true });
    expect(receiver.woken(`rds-snapshot#eu-west-1:snapshot:${copy.snapshotID}`)).toBe(1);
    expect(receiver.woken(`rds-export#us-east-1:snapshot:${snapshot}`)).toBe(1);

    const infoFile = join(
      dataDir,
      's3',
      'holdfast-exports',
      'shop',
      String(exported.exportTaskID),
      `export_info_${exported.exportTaskID}.json`,
    );
    expect(JSON.parse(readFileSync(infoFile, 'utf8')).tables).toEqual([
      expect.objectContaining({ target: 'app/public.items', rows: 3 }),
    ]);
    expect(exported.s3Location).toBe(`s3://holdfast-exports/shop/${exported.exportTaskID}/`);
  });

  it('with the events dropped, the copy and the export complete by polling', async () => {
    mode.drop = true;
    try {
      const before = receiver.deliveries.length;
      const { copy, exported } = await replicateShop('dropped', 50);
      expect(receiver.deliveries.length).toBe(before);
      const copied = await client('eu-west-1').send(
        new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: String(copy.snapshotID) }),
      );
      expect(copied.DBSnapshots?.[0]?.Status).toBe('available');
      const task = await client().send(
        new DescribeExportTasksCommand({ ExportTaskIdentifier: String(exported.exportTaskID) }),
      );
      expect(task.ExportTasks?.[0]?.Status).toBe('COMPLETE');
    } finally {
      mode.drop = false;
    }
  });

  it('with every event delivered twice, nothing happens twice', async () => {
    mode.duplicate = true;
    try {
      const { snapshot, copy } = await replicateShop('duplicated', 60_000);
      await api.flushEvents();
      const copyKey = `rds-snapshot#eu-west-1:snapshot:${copy.snapshotID}`;
      expect(receiver.deliveries.filter((d) => d.key === copyKey)).toHaveLength(2);

      const copies = await client('eu-west-1').send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual' }));
      expect(copies.DBSnapshots?.filter((s) => s.DBSnapshotIdentifier === copy.snapshotID)).toHaveLength(1);
      const arn = `arn:aws:rds:us-east-1:123456789012:snapshot:${snapshot}`;
      const tasks = await client().send(new DescribeExportTasksCommand({ SourceArn: arn }));
      expect(tasks.ExportTasks).toHaveLength(1);

      // A duplicate arriving after the run finished finds no wait and changes nothing.
      const late = receiver.raw.find(
        (body) => body.includes(String(copy.snapshotID)) && body.includes('RDS-EVENT-0060'),
      );
      expect(receiver.deliver(String(late)).woke).toBe(false);
    } finally {
      mode.duplicate = false;
    }
  });
});

/**
 * The data side of snapshot export tasks. Like RDS, it first restores the snapshot (here: starts a throw-away
 * PostgreSQL cluster on a copy of it), then writes one CSV file with a header row per table — NOT Parquet — to
 * `<prefix>/<task>/<database>/<schema>.<table>/part-00000.csv`, plus `export_info_<task>.json` describing the tables.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExportTaskRecord, SnapshotRecord } from './model.js';
import { ident } from './postgres.js';
import type { Runtime } from './runtime.js';

/** Stores one object of the export; the default writes `<root>/<bucket>/<key>`. */
export type ExportSink = (bucket: string, key: string, body: Buffer) => Promise<void>;

export const fileSink =
  (root: string): ExportSink =>
  async (bucket, key, body) => {
    const path = join(root, bucket, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  };

interface TableInfo {
  readonly target: string;
  readonly rows: number;
  readonly sizeBytes: number;
}

/** `ExportOnly` for PostgreSQL: `database`, `database.schema` or `database.schema.table`. */
function selected(exportOnly: readonly string[], database: string, schema?: string, table?: string): boolean {
  if (exportOnly.length === 0) return true;
  return exportOnly.some((entry) => {
    const [db, sch, tbl] = entry.split('.');
    if (db !== database) return false;
    if (schema === undefined || sch === undefined) return true;
    return sch === schema && (table === undefined || tbl === undefined || tbl === table);
  });
}

const rowsOf = (output: string): string[][] =>
  output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\0'));

/** Exports every selected table; stops early (keeping what was written, as RDS does) once the task is canceled. */
export async function exportSnapshot(
  rt: Runtime,
  snapshot: SnapshotRecord,
  task: ExportTaskRecord,
  sink: ExportSink,
): Promise<void> {
  const pg = await rt.restoreCluster(`export-${task.id}`, snapshot.dir, 'tmp');
  const user = snapshot.source.masterUsername;
  const base = `${task.prefix === '' ? '' : `${task.prefix.replace(/\/+$/, '')}/`}${task.id}`;
  const tables: TableInfo[] = [];
  try {
    const databases = rowsOf(
      await pg.psql(user, 'postgres', 'SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY 1'),
    );
    for (const [database = ''] of databases) {
      if (!selected(task.exportOnly, database)) continue;
      const listing = await pg.psql(
        user,
        database,
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2",
      );
      for (const [schema = '', table = ''] of rowsOf(listing)) {
        if (task.status !== 'IN_PROGRESS') return;
        if (!selected(task.exportOnly, database, schema, table)) continue;
        const name = `${ident(schema)}.${ident(table)}`;
        const csv = Buffer.from(
          await pg.psql(user, database, `COPY (SELECT * FROM ${name}) TO STDOUT WITH (FORMAT csv, HEADER)`),
        );
        const count = await pg.psql(user, database, `SELECT count(*) FROM ${name}`);
        const target = `${database}/${schema}.${table}`;
        await sink(task.bucket, `${base}/${target}/part-00000.csv`, csv);
        task.extractedBytes += csv.length;
        tables.push({ target, rows: Number(count.trim()), sizeBytes: csv.length });
      }
    }
    const info = { exportTaskIdentifier: task.id, sourceArn: task.sourceArn, format: 'csv (not Parquet)', tables };
    await sink(task.bucket, `${base}/export_info_${task.id}.json`, Buffer.from(JSON.stringify(info, null, 2)));
  } finally {
    await rt.stopCluster(pg);
    await rm(pg.home, { recursive: true, force: true });
  }
}

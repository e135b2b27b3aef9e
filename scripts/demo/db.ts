/**
 * The demo's view of AnimalAI's data, read the way an operator would: psql against the RDS instance's endpoint and
 * against the embeddings store's socket. Rows come back as text so before/after comparisons are exact.
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Databases {
  readonly pgBin: string;
  readonly socketDir: string;
  records: { host: string; port: number; password: string };
}

export async function psql(pgBin: string, args: string[], sql: string, password?: string): Promise<string> {
  const { stdout } = await run(join(pgBin, 'psql'), ['-X', '-qAt', '-v', 'ON_ERROR_STOP=1', ...args, '-c', sql], {
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    timeout: 60_000,
  });
  return stdout.trim();
}

export function records(db: Databases, sql: string): Promise<string> {
  const r = db.records;
  return psql(db.pgBin, ['-h', r.host, '-p', String(r.port), '-U', 'animalai', '-d', 'animalai'], sql, r.password);
}

export function embeddings(db: Databases, sql: string, database = 'embeddings'): Promise<string> {
  return psql(db.pgBin, ['-h', db.socketDir, '-U', 'postgres', '-d', database], sql);
}

/** An empty PostgreSQL data directory for the embeddings store, owned by the user the server will run as. */
export async function initEmbeddingsStore(
  pgBin: string,
  base: string,
  asRoot: boolean,
): Promise<{ data: string; socket: string }> {
  const data = join(base, 'data');
  const socket = join(base, 'sock');
  mkdirSync(socket, { recursive: true });
  const initdb = [
    join(pgBin, 'initdb'),
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ];
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    for (const dir of [base, socket]) chownSync(dir, uid, gid);
    await run('runuser', ['-u', 'postgres', '--', ...initdb]);
  } else {
    await run(initdb[0] as string, initdb.slice(1));
  }
  return { data, socket };
}

export interface Snapshot {
  /** `id|name|class|trainability|conservation` per animal, by id. */
  readonly animals: Map<number, string>;
  /** `animal_id|embedding` per embedding, by id. */
  readonly embeddings: Map<number, string>;
}

function byId(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n').filter(Boolean)) out.set(Number(line.split('|')[0]), line);
  return out;
}

/** Every row of both stores; `before` keeps only animals created before that instant (and their embeddings). */
export async function readAll(db: Databases, before?: string): Promise<Snapshot> {
  const where = before ? ` WHERE created_at < '${before}'` : '';
  const animals = byId(
    await records(db, `SELECT id, name, class, trainability, conservation FROM animals${where} ORDER BY id`),
  );
  const all = byId(await embeddings(db, 'SELECT animal_id, embedding FROM embeddings ORDER BY animal_id'));
  const kept = before ? new Map([...all].filter(([id]) => animals.has(id))) : all;
  return { animals, embeddings: kept };
}

export async function counts(db: Databases): Promise<{ animals: number; embeddings: number }> {
  return {
    animals: Number(await records(db, 'SELECT count(*) FROM animals')),
    embeddings: Number(await embeddings(db, 'SELECT count(*) FROM embeddings')),
  };
}

/** The rows of `expected` missing or different in `actual`, and the rows `actual` has beyond it. */
export function compare(expected: Map<number, string>, actual: Map<number, string>) {
  const missing = [...expected].filter(([id, row]) => actual.get(id) !== row).map(([id]) => id);
  const extra = [...actual.keys()].filter((id) => !expected.has(id));
  return { missing, extra };
}

/**
 * Stand-ins for the MongoDB tools an image like `bitnami/mongodb` brings, for the MongoDB blueprint's test (no
 * MongoDB runs on the test machine). They are Node scripts put on the image's PATH (the local API server's
 * `imagePath`) and share a state directory with the test:
 * - `mongosh` runs the blueprint's `--eval` script for real (a `vm` context) against an emulated `db` whose
 *   `auth`, `fsyncLock`, `fsyncUnlock` and `hello` keep MongoDB's lock count and error text;
 * - `mongodump` checks the password in its `--config` file and writes a deterministic archive to stdout (or fails
 *   halfway when the `fail-dump` flag file exists);
 * - `mongorestore` checks the password and records the SHA-256 and size of what it read on stdin.
 * Each call is appended to `calls.jsonl` (tool, argv, lock count at the time).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The archive mongodump emits: this many bytes of a fixed pattern. */
export const ARCHIVE_BYTES = 300 * 1024;

const COMMON = `
const fs = require('node:fs');
const crypto = require('node:crypto');
const state = process.env.HOLDFAST_STUB_STATE;
const expected = fs.readFileSync(state + '/password', 'utf8');
const args = process.argv.slice(2);
const lockCount = () => Number(fs.existsSync(state + '/lock-count') ? fs.readFileSync(state + '/lock-count', 'utf8') : '0');
const record = (tool, extra) =>
  fs.appendFileSync(state + '/calls.jsonl', JSON.stringify({ tool, args, lockCount: lockCount(), ...extra }) + '\\n');
const configPassword = () => {
  const file = args.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  const line = fs.readFileSync(file, 'utf8').split('\\n').find((l) => l.startsWith('password: '));
  return JSON.parse(line.slice('password: '.length));
};
`;

const MONGOSH = `${COMMON}
const vm = require('node:vm');
const script = args[args.indexOf('--eval') + 1];
record('mongosh', { passwordInEnv: process.env.HOLDFAST_MONGO_PASSWORD === expected });
const setCount = (n) => fs.writeFileSync(state + '/lock-count', String(n));
class MongoServerError extends Error {}
const db = {
  auth(user, password) {
    if (user !== 'root' || password !== expected) throw new MongoServerError('Authentication failed.');
    return { ok: 1 };
  },
  fsyncLock() {
    setCount(lockCount() + 1);
    return { info: 'now locked against writes, use db.fsyncUnlock() to unlock', lockCount: lockCount(), ok: 1 };
  },
  fsyncUnlock() {
    if (lockCount() === 0) throw new MongoServerError('fsyncUnlock called when not locked');
    setCount(lockCount() - 1);
    return { info: 'fsyncUnlock completed', lockCount: lockCount(), ok: 1 };
  },
  hello() {
    return { isWritablePrimary: true, ok: 1 };
  },
};
try {
  vm.runInNewContext(script, { db, print: (...v) => console.log(...v), process: { env: process.env }, JSON, String });
} catch (error) {
  console.error((error instanceof MongoServerError ? 'MongoServerError: ' : '') + error.message);
  process.exit(1);
}
`;

const MONGODUMP = `${COMMON}
record('mongodump');
if (configPassword() !== expected) { console.error('Failed: can\\'t create session: authentication failed'); process.exit(1); }
const block = crypto.createHash('sha512').update('archive').digest();
const archive = Buffer.alloc(${ARCHIVE_BYTES}).map((_, i) => block[i % block.length] ^ (i >> 9));
if (fs.existsSync(state + '/fail-dump')) {
  process.stdout.write(archive.subarray(0, archive.length / 2), () => {
    console.error('Failed: error writing data for collection \`shop.orders\` to disk: connection reset');
    process.exit(1);
  });
} else {
  fs.writeFileSync(state + '/dumped.sha256', crypto.createHash('sha256').update(archive).digest('hex'));
  process.stdout.write(archive);
}
`;

const MONGORESTORE = `${COMMON}
if (configPassword() !== expected) { console.error('Failed: can\\'t create session: authentication failed'); process.exit(1); }
const hash = crypto.createHash('sha256');
let size = 0;
process.stdin.on('data', (chunk) => { hash.update(chunk); size += chunk.length; });
process.stdin.on('end', () => {
  record('mongorestore', { sha256: hash.digest('hex'), size });
  console.error(size + ' bytes restored');
});
`;

/** Writes the three tools into `binDir` and the password the emulated server accepts into `stateDir`. */
export function writeMongoStubs(binDir: string, stateDir: string, password: string): void {
  writeFileSync(join(stateDir, 'password'), password);
  for (const [name, body] of [
    ['mongosh', MONGOSH],
    ['mongodump', MONGODUMP],
    ['mongorestore', MONGORESTORE],
  ] as const) {
    const file = join(binDir, name);
    writeFileSync(file, `#!${process.execPath}\n${body}`);
    chmodSync(file, 0o755);
  }
}

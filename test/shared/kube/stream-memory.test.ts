/**
 * Acceptance (issue 3): streaming 1 GiB from a pod to the location (s3rver) keeps the process under 256 MiB RSS, and
 * the SHA-256 recorded equals the source's. The measured process is Holdfast's side alone, bundled as Lambda runs it;
 * the local API server and s3rver run in other processes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CoreV1Api } from '@kubernetes/client-node';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeAccessFromServer } from '../../../shared/kube/kubeconfig.js';
import { repoRoot } from '../../support/cli.js';
import { createRunningPod, sleeperPod } from '../../support/kube.js';
import { type S3rverHandle, startS3rver } from '../../support/s3rver.js';

const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'holdfast-stream-memory-'));
const file = join(dir, 'source.bin');
let apiServer: ChildProcess;
let url = '';
let s3: S3rverHandle;

beforeAll(async () => {
  execFileSync('sh', ['-c', `head -c ${1024 * MIB} /dev/urandom > ${file}`]);
  apiServer = spawn(process.execPath, ['--import', 'tsx', 'local/kube-api/main.ts', '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: apiServer.stdout as NodeJS.ReadableStream }).once('line', resolve),
  );
  url = (JSON.parse(line) as { url: string }).url;
  s3 = await startS3rver({ bucket: 'memory' });
  await build({
    entryPoints: [join(repoRoot, 'test/shared/kube/stream-memory-child.ts')],
    outfile: join(dir, 'child.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
}, 120_000);

afterAll(async () => {
  apiServer?.kill('SIGTERM');
  await s3?.stop();
});

describe('streaming 1 GiB from a pod to the location', () => {
  it('stays under 256 MiB RSS and records the source SHA-256', async () => {
    const access = kubeAccessFromServer({ server: url, skipTLSVerify: true });
    const core = access.config.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'mem' } } });
    await createRunningPod({ core } as never, sleeperPod('mem', 'src'));
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    const child = spawn(process.execPath, [join(dir, 'child.mjs'), url, s3.endpoint, 'memory', 'mem', 'src', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (c) => {
      out += String(c);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const report = JSON.parse(out) as { sha256: string; size: number; peakRssBytes: number; seconds: number };
    console.log(
      `1 GiB pod → location: ${report.seconds.toFixed(1)} s, peak RSS ${(report.peakRssBytes / MIB).toFixed(0)} MiB`,
    );
    expect(report.size).toBe(1024 * MIB);
    expect(report.sha256).toBe(hash.digest('hex'));
    expect(report.peakRssBytes).toBeLessThan(256 * MIB);
  }, 300_000);
});

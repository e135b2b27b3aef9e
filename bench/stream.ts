/**
 * Issue 3: streaming a command's stdout from a pod to the location, against uploading the same bytes directly, in the
 * same run: throughput ratio and peak RSS (this process hosts the local API server too: growth over the baseline is
 * the figure to watch; the absolute number includes tsx, the SDKs and the server).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Location } from '../shared/aws/location.js';
import { streamToLocation } from '../shared/kube/location-stream.js';
import { createRunningPod, sleeperPod, startLocalCluster } from '../test/support/kube.js';
import { startS3rver } from '../test/support/s3rver.js';
import type { BenchRow } from './report.js';

const MiB = 1024 * 1024;

function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = process.hrtime.bigint();
  return work().then((result) => {
    clearInterval(timer);
    return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9, peakMiB: peak / MiB };
  });
}

export async function streamBench(mib: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-bench-stream-'));
  const file = join(dir, 'data.bin');
  execFileSync('sh', ['-c', `head -c ${mib * MiB} /dev/urandom > ${file}`]);
  const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
  const [cluster, s3] = await Promise.all([startLocalCluster(), startS3rver({ bucket: 'bench' })]);
  try {
    const location = new S3Location({ bucket: 'bench', prefix: 'stream', region: 'us-east-1', client: s3.client });
    await cluster.core.createNamespace({ body: { metadata: { name: 'bench' } } });
    await createRunningPod(cluster, sleeperPod('bench', 'src'));
    const signal = new AbortController().signal;
    global.gc?.();
    const baseline = process.memoryUsage().rss / MiB;
    const pod = await peakRss(() =>
      streamToLocation(
        cluster.access.config,
        location,
        { namespace: 'bench', pod: 'src', command: ['cat', file], signal },
        { path: 'pod.bin', compression: 'none' },
      ),
    );
    const direct = await peakRss(() =>
      location.upload('direct.bin', createReadStream(file), { compression: 'none', signal }),
    );
    return [
      { name: `stream: pod → location (${mib} MiB)`, value: mib / pod.seconds, unit: 'MiB/s' },
      { name: `stream: direct upload of the same bytes`, value: mib / direct.seconds, unit: 'MiB/s' },
      { name: 'stream ratio pod path / direct upload', value: direct.seconds / pod.seconds, unit: 'x' },
      { name: 'stream: peak RSS during the pod path', value: pod.peakMiB, unit: 'MiB' },
      { name: 'stream: RSS growth over baseline (pod path)', value: pod.peakMiB - baseline, unit: 'MiB' },
      { name: 'stream: recorded SHA-256 equals the source', value: pod.result.sha256 === sha ? 1 : 0, unit: 'bool' },
    ];
  } finally {
    await Promise.allSettled([cluster.api.close(), s3.stop()]);
  }
}

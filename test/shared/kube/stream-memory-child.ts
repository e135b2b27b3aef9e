/**
 * Child process for stream-memory.test.ts, bundled the way Lambda runs Holdfast (esbuild, no tsx): streams a file's
 * bytes from a pod (`cat FILE` via exec on the API server at argv[2]) to the S3 location at argv[3], then prints the
 * recorded SHA-256 and this process's peak RSS (VmHWM).
 */
import { readFileSync } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import { S3Location } from '../../../shared/aws/location.js';
import { kubeAccessFromServer } from '../../../shared/kube/kubeconfig.js';
import { streamToLocation } from '../../../shared/kube/location-stream.js';

const [server = '', endpoint = '', bucket = '', namespace = '', pod = '', file = ''] = process.argv.slice(2);
const access = kubeAccessFromServer({ server, skipTLSVerify: true });
const client = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
const location = new S3Location({ bucket, prefix: 'memory', region: 'us-east-1', client });
const started = Date.now();
const stored = await streamToLocation(
  access.config,
  location,
  { namespace, pod, command: ['cat', file], signal: new AbortController().signal },
  { path: 'pod-1gib.bin', compression: 'none' },
);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
process.stdout.write(
  `${JSON.stringify({ sha256: stored.sha256, size: stored.size, peakRssBytes: Number(hwm) * 1024, seconds: (Date.now() - started) / 1000 })}\n`,
);

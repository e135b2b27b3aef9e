// `GET pods/{name}/log`: container, previous, follow, tailLines, limitBytes, sinceSeconds, sinceTime,
// timestamps — streamed as text/plain with backpressure.

import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BadRequestError, MethodNotAllowedError } from '../errors.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import { type LogReadOptions, streamLog } from '../kubelet/logs.js';
import { isRecord, type KubeObject } from '../types.js';
import { flag, intParam } from './io.js';
import type { ApiCall } from './rest.js';

function readOptions(query: URLSearchParams): LogReadOptions {
  const tailLines = intParam(query, 'tailLines');
  const limitBytes = intParam(query, 'limitBytes');
  const sinceSeconds = intParam(query, 'sinceSeconds');
  const sinceTime = query.get('sinceTime');
  let since: Date | undefined;
  if (sinceSeconds !== undefined) since = new Date(Date.now() - sinceSeconds * 1000);
  else if (sinceTime) since = new Date(sinceTime);
  if (since && Number.isNaN(since.getTime())) throw new BadRequestError(`invalid sinceTime: ${sinceTime}`);
  return {
    follow: flag(query, 'follow'),
    timestamps: flag(query, 'timestamps'),
    ...(tailLines !== undefined && tailLines >= 0 ? { tailLines } : {}),
    ...(limitBytes !== undefined && limitBytes > 0 ? { limitBytes } : {}),
    ...(since ? { sinceTime: since } : {}),
  };
}

function statusRestarts(pod: KubeObject, container: string): number {
  const statuses =
    isRecord(pod.status) && Array.isArray(pod.status.containerStatuses) ? pod.status.containerStatuses : [];
  const initStatuses =
    isRecord(pod.status) && Array.isArray(pod.status.initContainerStatuses) ? pod.status.initContainerStatuses : [];
  const entry = [...statuses, ...initStatuses].find((s) => isRecord(s) && s.name === container);
  return isRecord(entry) && typeof entry.restartCount === 'number' ? entry.restartCount : 0;
}

export async function handleLog(call: ApiCall, kubelet: Kubelet): Promise<void> {
  const { objects, target, query, req, res } = call;
  if (req.method !== 'GET') throw new MethodNotAllowedError();
  const pod = objects.get(target.type, target.namespace, target.name ?? '');
  const podName = pod.metadata.name ?? '';
  const { worker, container: name } = kubelet.container(pod, query.get('container'));
  const container = worker?.container(name);
  const restarts = container ? container.restartCount : statusRestarts(pod, name);
  const previous = flag(query, 'previous');
  const pathOf = (n: number): string =>
    container ? container.logPath(n) : join(kubelet.logDir(pod), name, `${n}.log`);
  let instance = previous ? restarts - 1 : restarts;
  // Between restarts (CrashLoopBackOff) the current container is still the one that last ran.
  const live = !previous && existsSync(pathOf(instance));
  if (!previous && !live && instance > 0) instance -= 1;
  const path = pathOf(instance);
  if (instance < 0 || (previous && !existsSync(path))) {
    throw new BadRequestError(`previous terminated container "${name}" in pod "${podName}" not found`);
  }
  if (!existsSync(path)) {
    const waiting = container && 'waiting' in container.state ? container.state.waiting.reason : 'ContainerCreating';
    throw new BadRequestError(`container "${name}" in pod "${podName}" is waiting to start: ${waiting}`);
  }
  const options = readOptions(query);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const write = async (chunk: Buffer): Promise<boolean> => {
    if (res.destroyed) return false;
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    return !res.destroyed;
  };
  await streamLog(path, live ? container?.log : undefined, options, write, abort.signal);
  res.end();
}

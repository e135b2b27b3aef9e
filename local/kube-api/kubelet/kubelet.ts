// The local "kubelet": schedules every pod onto the single local node, runs it through a PodWorker,
// holds pod deletion until its processes are stopped, and gives exec, logs and the proxy access to
// running containers (env, working dir, local ports).

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BadRequestError, ServiceUnavailableError } from '../errors.js';
import type { ObjectService } from '../objects.js';
import type { ResourceType } from '../resources.js';
import type { StoreEvent } from '../store.js';
import { isRecord, type KubeObject } from '../types.js';
import type { Container } from './container.js';
import type { EnvSources } from './env.js';
import { type BackoffOptions, PodWorker } from './pod-worker.js';
import { Reaper } from './reaper.js';
import { NODE_NAME } from './spec.js';

export interface KubeletOptions {
  workRoot: string;
  imageCommands: Record<string, string[]>;
  imagePath: Record<string, string[]>;
  backoff: BackoffOptions;
  /** Upper bound on the grace period when the whole server shuts down. */
  shutdownGraceMs: number;
  /** Whether `workRoot` is a temporary directory to remove even if the server dies uncleanly. */
  temporaryWorkRoot: boolean;
}

const PODS = '/pods';
const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER', 'SHELL'];

function decodeData(
  object: KubeObject | undefined,
  field: 'data' | 'binaryData',
  base64: boolean,
): Record<string, string> {
  const data = object && isRecord(object[field]) ? object[field] : {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = base64 ? Buffer.from(String(value), 'base64').toString('utf8') : String(value);
  }
  return out;
}

export class Kubelet {
  readonly reaper: Reaper;
  readonly #workers = new Map<string, PodWorker>();
  readonly #running = new Set<Promise<unknown>>();
  #unsubscribe: (() => void) | undefined;
  #closing = false;

  constructor(
    private readonly objects: ObjectService,
    private readonly podType: ResourceType,
    private readonly options: KubeletOptions,
  ) {
    this.reaper = new Reaper(options.temporaryWorkRoot ? options.workRoot : undefined);
  }

  start(): void {
    this.objects.holders.set(PODS, (pod) => this.#workers.has(pod.metadata.uid ?? ''));
    this.#unsubscribe = this.objects.store.subscribe((event) => this.#onEvent(event));
    for (const pod of this.objects.store.list(PODS)) this.#sync(pod);
  }

  podDir(pod: KubeObject): string {
    const { namespace, name, uid } = pod.metadata;
    return join(this.options.workRoot, 'pods', `${namespace}_${name}_${uid}`);
  }

  logDir(pod: KubeObject): string {
    const { namespace, name, uid } = pod.metadata;
    return join(this.options.workRoot, 'logs', `${namespace}_${name}_${uid}`);
  }

  worker(pod: KubeObject): PodWorker | undefined {
    return this.#workers.get(pod.metadata.uid ?? '');
  }

  /** The container an exec / log request names, defaulting when the pod has only one. */
  container(pod: KubeObject, name: string | null): { worker: PodWorker | undefined; container: string } {
    const spec = isRecord(pod.spec) ? pod.spec : {};
    const names = (Array.isArray(spec.containers) ? spec.containers : []).map((c) =>
      isRecord(c) ? String(c.name) : '',
    );
    const initNames = (Array.isArray(spec.initContainers) ? spec.initContainers : []).map((c) =>
      isRecord(c) ? String(c.name) : '',
    );
    const podName = pod.metadata.name ?? '';
    if (!name) {
      if (names.length !== 1) {
        throw new BadRequestError(
          `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`,
        );
      }
      return { worker: this.worker(pod), container: names[0] ?? '' };
    }
    if (!names.includes(name) && !initNames.includes(name)) {
      throw new BadRequestError(`container ${name} is not valid for pod ${podName}`);
    }
    return { worker: this.worker(pod), container: name };
  }

  /** The running container to exec into, or the API server's error for why not. */
  execTarget(pod: KubeObject, name: string | null): { worker: PodWorker; container: Container } {
    const { worker, container } = this.container(pod, name);
    const phase = isRecord(pod.status) ? pod.status.phase : undefined;
    if (phase === 'Succeeded' || phase === 'Failed') {
      throw new BadRequestError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
    }
    const running = worker?.container(container);
    if (!worker || !running?.running) {
      throw new BadRequestError(`container ${container} is not running in pod ${pod.metadata.name ?? ''}`);
    }
    return { worker, container: running };
  }

  /** Local port for a pod port given as a number or a container port name. */
  localPort(pod: KubeObject, port: string | undefined): number {
    const worker = this.worker(pod);
    if (!worker) throw new ServiceUnavailableError(`pod ${pod.metadata.name ?? ''} is not running`);
    for (const container of worker.main) {
      for (const declared of container.spec.ports ?? []) {
        const matches =
          port === undefined || port === '' || declared.name === port || String(declared.containerPort) === port;
        const local = container.ports.get(declared.containerPort);
        if (matches && local) return local;
      }
    }
    throw new ServiceUnavailableError(
      `error trying to reach service: port ${port ?? '(default)'} of pod ${pod.metadata.name ?? ''} is not a declared containerPort (the local kubelet maps declared ports only)`,
    );
  }

  envSources(): EnvSources {
    return {
      secret: (ns, name) => {
        const secret = this.objects.store.get('/secrets', ns, name);
        return secret ? decodeData(secret, 'data', true) : undefined;
      },
      configMap: (ns, name) => {
        const cm = this.objects.store.get('/configmaps', ns, name);
        return cm ? { ...decodeData(cm, 'binaryData', true), ...decodeData(cm, 'data', false) } : undefined;
      },
    };
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#unsubscribe?.();
    const grace = this.options.shutdownGraceMs / 1000;
    await Promise.all([...this.#workers.values()].map((w) => w.terminate(grace)));
    await Promise.allSettled([...this.#running]);
    this.reaper.close();
  }

  #onEvent(event: StoreEvent): void {
    if (event.typeKey !== PODS) return;
    if (event.type === 'DELETED') {
      queueMicrotask(() => this.#dispose(event.object, 0));
      return;
    }
    const pod = event.object;
    queueMicrotask(() => this.#sync(pod));
  }

  #sync(event: KubeObject): void {
    if (this.#closing) return;
    // Events are handled a tick late: act on the pod as it is now, if it still exists.
    const pod = this.objects.store.get(PODS, event.metadata.namespace, event.metadata.name ?? '');
    if (!pod || pod.metadata.uid !== event.metadata.uid) return;
    const uid = pod.metadata.uid ?? '';
    const worker = this.#workers.get(uid);
    if (worker) worker.pod = pod;
    if (pod.metadata.deletionTimestamp) {
      this.#track(this.#terminate(pod, pod.metadata.deletionGracePeriodSeconds ?? 30));
      return;
    }
    const phase = isRecord(pod.status) ? pod.status.phase : undefined;
    if (worker || phase === 'Succeeded' || phase === 'Failed') return;
    try {
      this.#startWorker(pod);
    } catch (error) {
      console.error(`kube-api kubelet: cannot run pod ${pod.metadata.namespace}/${pod.metadata.name}:`, error);
    }
  }

  #startWorker(pod: KubeObject): void {
    const spec = isRecord(pod.spec) ? pod.spec : {};
    if (!spec.nodeName) {
      this.objects.store.replace(PODS, { ...pod, spec: { ...spec, nodeName: NODE_NAME } });
    }
    const { namespace, name } = pod.metadata;
    const worker = new PodWorker(pod, {
      podDir: this.podDir(pod),
      logDir: this.logDir(pod),
      envSources: this.envSources(),
      baseEnv: this.#baseEnv(pod),
      imageCommands: this.options.imageCommands,
      imagePath: this.options.imagePath,
      reaper: this.reaper,
      backoff: this.options.backoff,
      publish: (status) => {
        if (!this.#closing) this.objects.setStatus(this.podType, namespace, name ?? '', status);
      },
    });
    this.#workers.set(pod.metadata.uid ?? '', worker);
    this.#track(worker.run());
  }

  #baseEnv(pod: KubeObject): Record<string, string> {
    const env: Record<string, string> = {};
    for (const key of INHERITED_ENV) {
      const value = process.env[key];
      if (value !== undefined) env[key] = value;
    }
    env.HOSTNAME = pod.metadata.name ?? '';
    return env;
  }

  async #terminate(pod: KubeObject, graceSeconds: number): Promise<void> {
    const worker = this.worker(pod);
    if (worker) await worker.terminate(graceSeconds);
    if (this.#closing) return;
    this.#workers.delete(pod.metadata.uid ?? '');
    this.objects.finishDeletion(this.podType, pod.metadata.namespace, pod.metadata.name ?? '');
  }

  #dispose(pod: KubeObject, graceSeconds: number): void {
    const worker = this.worker(pod);
    this.#workers.delete(pod.metadata.uid ?? '');
    const cleanup = async (): Promise<void> => {
      if (worker) await worker.terminate(graceSeconds);
      if (this.#closing) return;
      rmSync(this.podDir(pod), { recursive: true, force: true });
      rmSync(this.logDir(pod), { recursive: true, force: true });
    };
    this.#track(cleanup());
  }

  #track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => {
      console.error('kube-api kubelet:', error);
    });
    this.#running.add(tracked);
    void tracked.finally(() => this.#running.delete(tracked));
  }
}

import { Writable } from 'node:stream';
import { Log, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clients, eventually, execIn, podSpec, startLocal, statusOf } from './helpers.js';

describe('local kube-api: workloads run as local processes', () => {
  let local: Clients & { api: { close(): Promise<void> } };
  const namespace = 'apps';

  const pods = async (labelSelector: string): Promise<V1Pod[]> =>
    (await local.core.listNamespacedPod({ namespace, labelSelector })).items.filter(
      (p) => !p.metadata?.deletionTimestamp,
    );
  const runningPods = async (labelSelector: string, count: number): Promise<V1Pod[]> =>
    eventually(async () => {
      const list = await local.core.listNamespacedPod({ namespace, labelSelector });
      const running = list.items.filter((p) => p.status?.phase === 'Running');
      return list.items.length === count && running.length === count ? running : undefined;
    });

  beforeAll(async () => {
    local = await startLocal({ imageCommands: { 'local/greeter': ['sh', '-c', 'echo hello $1', 'greeter'] } });
    await local.core.createNamespace({ body: { metadata: { name: namespace } } });
    await local.core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: 'db' }, stringData: { password: 's3cret' } },
    });
    await local.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'cfg' }, data: { mode: 'replica' } },
    });
    await local.apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          replicas: 1,
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: podSpec(['sh', '-c', 'echo hi; sleep 1000'], {
              env: [
                { name: 'FOO', value: 'foo-value' },
                { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
                { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
                { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
            }),
          },
        },
      },
    });
  });
  afterAll(async () => {
    await local.api.close();
  });

  it('runs a StatefulSet pod named <sts>-0 whose container output is the pod log', async () => {
    const [pod] = await runningPods('app=db', 1);
    expect(pod?.metadata?.name).toBe('db-0');
    expect(pod?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'db', controller: true });
    expect(pod?.status?.podIP).toBe('127.0.0.1');
    expect(pod?.status?.containerStatuses?.[0]).toMatchObject({ name: 'main', ready: true, restartCount: 0 });
    const log = await eventually(async () => {
      const text = await local.core.readNamespacedPodLog({ namespace, name: 'db-0' });
      return text === 'hi\n' ? text : undefined;
    });
    expect(log).toBe('hi\n');
  });

  it('execs with stdin, stdout, stderr and the exit code from the error channel', async () => {
    await runningPods('app=db', 1);
    const result = await execIn(
      local.kc,
      namespace,
      'db-0',
      'main',
      ['sh', '-c', 'echo $FOO; cat; echo oops >&2; exit 3'],
      'piped in\n',
    );
    expect(result.stdout).toBe('foo-value\npiped in\n');
    expect(result.stderr).toBe('oops\n');
    expect(result.status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    const ok = await execIn(local.kc, namespace, 'db-0', 'main', ['sh', '-c', 'echo $PASSWORD $MODE $POD; pwd']);
    expect(ok.status.status).toBe('Success');
    const [env, cwd] = ok.stdout.trim().split('\n');
    expect(env).toBe('s3cret replica db-0');
    expect(cwd).toMatch(/apps_db-0_/);
  });

  it('scales a StatefulSet with the JSON patch the client sends by default, then with a merge patch', async () => {
    await local.apps.patchNamespacedStatefulSetScale({
      name: 'db',
      namespace,
      body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
    });
    const scaledUp = await runningPods('app=db', 3);
    expect(scaledUp.map((p) => p.metadata?.name).sort()).toEqual(['db-0', 'db-1', 'db-2']);
    const scale = await local.apps.patchNamespacedStatefulSetScale(
      { name: 'db', namespace, body: { spec: { replicas: 1 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(scale.spec?.replicas).toBe(1);
    expect(scale.status?.selector).toBe('app=db');
    await eventually(
      async () => (await local.core.listNamespacedPod({ namespace, labelSelector: 'app=db' })).items.length === 1,
    );
    const sts = await eventually(async () => {
      const current = await local.apps.readNamespacedStatefulSet({ name: 'db', namespace });
      return current.status?.readyReplicas === 1 && current.status.replicas === 1 ? current : undefined;
    });
    expect(sts.status?.observedGeneration).toBe(sts.metadata?.generation);
  });

  it('scales a Deployment through replaceNamespacedDeploymentScale and cascades its deletion', async () => {
    await local.apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: podSpec(['sleep', '1000']) },
        },
      },
    });
    const scale = await local.apps.readNamespacedDeploymentScale({ name: 'web', namespace });
    await local.apps.replaceNamespacedDeploymentScale({
      name: 'web',
      namespace,
      body: { ...scale, spec: { replicas: 2 } },
    });
    const running = await runningPods('app=web', 2);
    for (const pod of running) expect(pod.metadata?.name).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}$/);
    const replicaSets = await local.apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=web' });
    expect(replicaSets.items).toHaveLength(1);
    expect(running[0]?.metadata?.ownerReferences?.[0]?.name).toBe(replicaSets.items[0]?.metadata?.name);
    const ready = await eventually(async () => {
      const d = await local.apps.readNamespacedDeployment({ name: 'web', namespace });
      return d.status?.readyReplicas === 2 ? d : undefined;
    });
    expect(ready.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
    await local.apps.deleteNamespacedDeployment({ name: 'web', namespace });
    await eventually(
      async () =>
        (await pods('app=web')).length === 0 &&
        (await local.core.listNamespacedPod({ namespace, labelSelector: 'app=web' })).items.length === 0,
    );
    expect((await local.apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=web' })).items).toEqual([]);
  });

  it('completes a Job, fails one past its backoffLimit, and deletes its pods with it', async () => {
    const job = (name: string, script: string) => ({
      metadata: { name },
      spec: {
        backoffLimit: 0,
        template: { spec: { ...podSpec(['sh', '-c', script]), restartPolicy: 'Never' } },
      },
    });
    await local.batch.createNamespacedJob({ namespace, body: job('ok', 'echo done') });
    await local.batch.createNamespacedJob({ namespace, body: job('bad', 'exit 7') });
    const ok = await eventually(async () => {
      const j = await local.batch.readNamespacedJob({ name: 'ok', namespace });
      return j.status?.succeeded === 1 ? j : undefined;
    });
    expect(ok.status?.conditions?.map((c) => c.type)).toContain('Complete');
    const bad = await eventually(async () => {
      const j = await local.batch.readNamespacedJob({ name: 'bad', namespace });
      return j.status?.conditions?.some((c) => c.type === 'Failed') ? j : undefined;
    });
    expect(bad.status?.failed).toBe(1);
    const [okPod] = await pods('job-name=ok');
    expect(okPod?.status?.phase).toBe('Succeeded');
    expect(await local.core.readNamespacedPodLog({ namespace, name: okPod?.metadata?.name ?? '' })).toBe('done\n');
    await local.batch.deleteNamespacedJob({ name: 'ok', namespace });
    await eventually(
      async () => (await local.core.listNamespacedPod({ namespace, labelSelector: 'job-name=ok' })).items.length === 0,
    );
  });

  it('restarts a crashing container under restartPolicy Always, counting restarts', async () => {
    await local.core.createNamespacedPod({
      namespace,
      body: { metadata: { name: 'crash' }, spec: podSpec(['sh', '-c', 'echo run; exit 1']) },
    });
    const pod = await eventually(async () => {
      const p = await local.core.readNamespacedPod({ name: 'crash', namespace });
      return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 ? p : undefined;
    });
    expect(pod.status?.phase).toBe('Running');
    const previous = await local.core.readNamespacedPodLog({ namespace, name: 'crash', previous: true });
    expect(previous).toBe('run\n');
  });

  it('follows a pod log while the container writes it', async () => {
    await local.core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'ticker' },
        spec: { ...podSpec(['sh', '-c', 'for i in 1 2 3; do echo line-$i; sleep 0.2; done']), restartPolicy: 'Never' },
      },
    });
    await eventually(async () => {
      const p = await local.core.readNamespacedPod({ name: 'ticker', namespace });
      return p.status?.phase === 'Running' || p.status?.phase === 'Succeeded';
    });
    const chunks: string[] = [];
    const ended = new Promise<void>((resolve) => {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk.toString());
          done();
        },
        final(done) {
          resolve();
          done();
        },
      });
      void new Log(local.kc).log(namespace, 'ticker', 'main', sink, { follow: true });
    });
    await ended;
    expect(chunks.join('')).toBe('line-1\nline-2\nline-3\n');
  });

  it('runs nothing for a container without a command unless its image is mapped to one', async () => {
    await local.core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'duo' },
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'idle', image: 'postgres:16' },
            { name: 'greeter', image: 'local/greeter:2.0', args: ['world'] },
          ],
        },
      },
    });
    const pod = await eventually(async () => {
      const p = await local.core.readNamespacedPod({ name: 'duo', namespace });
      const idle = p.status?.containerStatuses?.find((c) => c.name === 'idle');
      const greeter = p.status?.containerStatuses?.find((c) => c.name === 'greeter');
      return idle?.ready && greeter?.state?.terminated ? p : undefined;
    });
    expect(pod.status?.phase).toBe('Running');
    expect(await local.core.readNamespacedPodLog({ namespace, name: 'duo', container: 'greeter' })).toBe(
      'hello world\n',
    );
    const unnamed = await statusOf(local.core.readNamespacedPodLog({ namespace, name: 'duo' }));
    expect(unnamed.code).toBe(400);
    expect(unnamed.body.message).toBe('a container name must be specified for pod duo, choose one of: [idle greeter]');
    const inIdle = await execIn(local.kc, namespace, 'duo', 'idle', ['sh', '-c', 'echo alive']);
    expect(inIdle.stdout).toBe('alive\n');
  });

  it('deletes everything in a namespace with it, stopping its pods', async () => {
    await local.core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await local.core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'cfg' } } });
    await local.core.createNamespacedPod({
      namespace: 'doomed',
      body: { metadata: { name: 'p' }, spec: podSpec(['sleep', '1000']) },
    });
    await eventually(
      async () => (await local.core.readNamespacedPod({ name: 'p', namespace: 'doomed' })).status?.phase === 'Running',
    );
    await local.core.deleteNamespace({ name: 'doomed' });
    await eventually(async () => (await statusOf(local.core.readNamespace({ name: 'doomed' }))).code === 404);
    expect((await local.core.listNamespacedConfigMap({ namespace: 'doomed' })).items).toEqual([]);
    expect((await local.core.listNamespacedPod({ namespace: 'doomed' })).items).toEqual([]);
  });
});

import { PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clients, eventually, podSpec, startLocal, statusOf } from './helpers.js';

describe('local kube-api: selectors and watch', () => {
  let local: Clients & { api: { close(): Promise<void> } };
  const namespace = 'sel';

  beforeAll(async () => {
    local = await startLocal();
    await local.core.createNamespace({ body: { metadata: { name: namespace } } });
    const items: Array<[string, Record<string, string>]> = [
      ['a', { env: 'prod', tier: 'db' }],
      ['b', { env: 'dev', tier: 'db' }],
      ['c', { env: 'test' }],
      ['d', {}],
    ];
    for (const [name, labels] of items) {
      await local.core.createNamespacedConfigMap({ namespace, body: { metadata: { name, labels } } });
    }
  });
  afterAll(async () => {
    await local.api.close();
  });

  const names = async (labelSelector?: string, fieldSelector?: string): Promise<string[]> => {
    const list = await local.core.listNamespacedConfigMap({ namespace, labelSelector, fieldSelector });
    return list.items.map((i) => i.metadata?.name ?? '');
  };

  it('filters by label selectors: equality, in, notin, exists and !exists', async () => {
    expect(await names('env=prod')).toEqual(['a']);
    expect(await names('env!=prod')).toEqual(['b', 'c', 'd']);
    expect(await names('env in (prod, dev)')).toEqual(['a', 'b']);
    expect(await names('env notin (prod,dev)')).toEqual(['c', 'd']);
    expect(await names('tier')).toEqual(['a', 'b']);
    expect(await names('!tier')).toEqual(['c', 'd']);
    expect(await names('tier=db,env in (dev)')).toEqual(['b']);
  });

  it('filters by field selectors and rejects unsupported fields', async () => {
    expect(await names(undefined, 'metadata.name=c')).toEqual(['c']);
    expect(await names(undefined, 'metadata.name!=c,metadata.namespace=sel')).toEqual(['a', 'b', 'd']);
    const bad = await statusOf(local.core.listNamespacedConfigMap({ namespace, fieldSelector: 'data.x=1' }));
    expect(bad.code).toBe(400);
    expect(bad.body.message).toBe('field label not supported: data.x');
  });

  it('selects pods by status.phase and spec.nodeName', async () => {
    await local.core.createNamespacedPod({
      namespace,
      body: { metadata: { name: 'sleeper' }, spec: podSpec(['sleep', '300']) },
    });
    await local.core.createNamespacedPod({
      namespace,
      body: { metadata: { name: 'quick' }, spec: { ...podSpec(['true']), restartPolicy: 'Never' } },
    });
    await eventually(async () => {
      const done = await local.core.listNamespacedPod({ namespace, fieldSelector: 'status.phase=Succeeded' });
      return done.items.length === 1 && done.items[0]?.metadata?.name === 'quick';
    });
    const running = await local.core.listNamespacedPod({ namespace, fieldSelector: 'status.phase=Running' });
    expect(running.items.map((p) => p.metadata?.name)).toEqual(['sleeper']);
    const onNode = await local.core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=holdfast-local' });
    expect(onNode.items).toHaveLength(2);
  });

  it('streams ADDED, MODIFIED and DELETED events with resourceVersions, honouring the selector', async () => {
    const events: Array<{ type: string; name: string; rv: string; data: unknown }> = [];
    const watch = new Watch(local.kc);
    const controller = await watch.watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      { labelSelector: 'watched=yes' },
      (type, object: { metadata: { name: string; resourceVersion: string }; data?: unknown }) => {
        events.push({ type, name: object.metadata.name, rv: object.metadata.resourceVersion, data: object.data });
      },
      () => undefined,
    );
    await local.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'w1', labels: { watched: 'yes' } } },
    });
    await local.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'ignored' } } });
    await local.core.patchNamespacedConfigMap(
      { name: 'w1', namespace, body: { data: { k: 'v' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await local.core.patchNamespacedConfigMap(
      { name: 'w1', namespace, body: { metadata: { labels: { watched: 'no' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await local.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'w2', labels: { watched: 'yes' } } },
    });
    await local.core.deleteNamespacedConfigMap({ name: 'w2', namespace });
    await eventually(() => events.length >= 5);
    controller.abort();
    expect(events.map((e) => `${e.type} ${e.name}`)).toEqual([
      'ADDED w1',
      'MODIFIED w1',
      'DELETED w1',
      'ADDED w2',
      'DELETED w2',
    ]);
    expect(events[1]?.data).toEqual({ k: 'v' });
    const versions = events.map((e) => Number(e.rv));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('resumes a watch after a list resourceVersion without replaying older objects', async () => {
    const list = await local.core.listNamespacedConfigMap({ namespace });
    await local.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'after-list' } } });
    const seen: string[] = [];
    const controller = await new Watch(local.kc).watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      { resourceVersion: list.metadata?.resourceVersion },
      (type, object: { metadata: { name: string } }) => seen.push(`${type} ${object.metadata.name}`),
      () => undefined,
    );
    await eventually(() => seen.length >= 1);
    controller.abort();
    expect(seen).toEqual(['ADDED after-list']);
  });
});

import {
  ApisApi,
  HttpMethod,
  PatchStrategy,
  RequestContext,
  setHeaderOptions,
  type V1ConfigMap,
  VersionApi,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clients, startLocal, statusOf } from './helpers.js';

describe('local kube-api: CRUD and Status errors through client-node', () => {
  let local: Clients & { api: { url: string; close(): Promise<void> } };
  const namespace = 'crud';

  beforeAll(async () => {
    local = await startLocal();
    await local.core.createNamespace({ body: { metadata: { name: namespace } } });
  });
  afterAll(async () => {
    await local.api.close();
  });

  it('creates, reads, updates and deletes a ConfigMap with uid, timestamps and resourceVersions', async () => {
    const created = await local.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'settings', labels: { app: 'db' } }, data: { mode: 'fast' } },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const read = await local.core.readNamespacedConfigMap({ name: 'settings', namespace });
    expect(read.data).toEqual({ mode: 'fast' });
    const replaced = await local.core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace,
      body: { ...read, data: { mode: 'safe' } },
    });
    expect(replaced.data).toEqual({ mode: 'safe' });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));
    const deleted = await local.core.deleteNamespacedConfigMap({ name: 'settings', namespace });
    expect(deleted.status).toBe('Success');
    const gone = await statusOf(local.core.readNamespacedConfigMap({ name: 'settings', namespace }));
    expect(gone.code).toBe(404);
  });

  it('answers a missing object with a NotFound Status body', async () => {
    const { code, body } = await statusOf(local.apps.readNamespacedDeployment({ name: 'nope', namespace }));
    expect(code).toBe(404);
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
      code: 404,
    });
  });

  it('rejects a duplicate with AlreadyExists and a stale update with Conflict', async () => {
    const body: V1ConfigMap = { metadata: { name: 'dup' }, data: { a: '1' } };
    const first = await local.core.createNamespacedConfigMap({ namespace, body });
    const duplicate = await statusOf(local.core.createNamespacedConfigMap({ namespace, body }));
    expect(duplicate.code).toBe(409);
    expect(duplicate.body.reason).toBe('AlreadyExists');
    await local.core.replaceNamespacedConfigMap({ name: 'dup', namespace, body: { ...first, data: { a: '2' } } });
    const stale = await statusOf(
      local.core.replaceNamespacedConfigMap({ name: 'dup', namespace, body: { ...first, data: { a: '3' } } }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toContain('the object has been modified');
  });

  it('rejects a pod without containers as 422 Invalid, naming the field', async () => {
    const { code, body } = await statusOf(
      local.core.createNamespacedPod({ namespace, body: { metadata: { name: 'empty' }, spec: { containers: [] } } }),
    );
    expect(code).toBe(422);
    expect(body.reason).toBe('Invalid');
    expect(body.message).toBe('Pod "empty" is invalid: spec.containers: Required value');
    expect((body.details as { causes: unknown[] }).causes).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.containers', message: 'Required value' },
    ]);
  });

  it('rejects names and label values a real API server rejects', async () => {
    const badName = await statusOf(
      local.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'Bad_Name' } } }),
    );
    expect(badName.code).toBe(422);
    const badLabel = await statusOf(
      local.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'ok', labels: { at: '12:00' } } } }),
    );
    expect(badLabel.code).toBe(422);
    expect(badLabel.body.message).toContain('metadata.labels');
  });

  it('refuses objects in a namespace that does not exist', async () => {
    const { code, body } = await statusOf(
      local.core.createNamespacedConfigMap({ namespace: 'ghost', body: { metadata: { name: 'x' } } }),
    );
    expect(code).toBe(404);
    expect(body.message).toBe('namespaces "ghost" not found');
  });

  it('generates names from generateName', async () => {
    const created = await local.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { generateName: 'run-' } },
    });
    expect(created.metadata?.name).toMatch(/^run-[a-z0-9]{5}$/);
  });

  it('stores Secret stringData as base64 data, and rejects data that is not base64', async () => {
    await local.core.createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: 'creds' },
        stringData: { password: 'hunter2' },
        data: { user: Buffer.from('admin').toString('base64') },
      },
    });
    const secret = await local.core.readNamespacedSecret({ name: 'creds', namespace });
    expect(secret.data).toEqual({ user: 'YWRtaW4=', password: 'aHVudGVyMg==' });
    expect(secret.stringData).toBeUndefined();
    expect(secret.type).toBe('Opaque');
    const bad = await statusOf(
      local.core.createNamespacedSecret({ namespace, body: { metadata: { name: 'bad' }, data: { k: 'not base64!' } } }),
    );
    expect(bad.code).toBe(400);
  });

  it('patches with JSON patch (the client default) and with merge patch', async () => {
    await local.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'patched' }, data: { a: '1', b: '2' } },
    });
    const jsonPatched = await local.core.patchNamespacedConfigMap({
      name: 'patched',
      namespace,
      body: [
        { op: 'replace', path: '/data/a', value: 'one' },
        { op: 'remove', path: '/data/b' },
      ],
    });
    expect(jsonPatched.data).toEqual({ a: 'one' });
    const merged = await local.core.patchNamespacedConfigMap(
      { name: 'patched', namespace, body: { data: { c: '3', a: null } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ c: '3' });
    const failedTest = await statusOf(
      local.core.patchNamespacedConfigMap({
        name: 'patched',
        namespace,
        body: [{ op: 'test', path: '/data/c', value: 'x' }],
      }),
    );
    expect(failedTest.code).toBe(422);
  });

  it('deletes a collection by label selector', async () => {
    const items: Array<[string, string]> = [
      ['a', 'cache'],
      ['b', 'cache'],
      ['c', 'web'],
    ];
    for (const [name, tier] of items) {
      await local.core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: `dc-${name}`, labels: { tier } } },
      });
    }
    await local.core.deleteCollectionNamespacedConfigMap({ namespace, labelSelector: 'tier=cache' });
    const left = await local.core.listNamespacedConfigMap({ namespace, labelSelector: 'tier' });
    expect(left.items.map((i) => i.metadata?.name)).toEqual(['dc-c']);
  });

  it('serves any kind through KubernetesObjectApi, resolving it by discovery', async () => {
    const spec = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'generic', namespace },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'generic' } },
        template: { metadata: { labels: { app: 'generic' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } },
      },
    };
    await local.objects.create(spec);
    const read = await local.objects.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'generic', namespace },
    });
    expect(read.metadata?.uid).toBeDefined();
    const patched = await local.objects.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'generic', namespace, labels: { tier: 'x' } } },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    expect(patched.metadata?.labels).toEqual({ tier: 'x' });
    const list = await local.objects.list('apps/v1', 'Deployment', namespace);
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['generic']);
    await local.objects.delete({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'generic', namespace } });
    expect((await statusOf(local.objects.read(spec))).code).toBe(404);
  });

  it('lists namespaced resource types with verbs, kinds and short names in discovery', async () => {
    const core = await local.core.getAPIResources();
    const pods = core.resources.find((r) => r.name === 'pods');
    expect(pods).toMatchObject({ namespaced: true, kind: 'Pod', shortNames: ['po'] });
    expect(pods?.verbs).toEqual(
      expect.arrayContaining(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
    );
    expect(core.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining(['pods/exec', 'pods/log', 'services/proxy']),
    );
    expect(core.resources.find((r) => r.name === 'namespaces')?.namespaced).toBe(false);
    const apps = await local.apps.getAPIResources();
    expect(apps.resources.find((r) => r.name === 'statefulsets/scale')?.kind).toBe('Scale');
    const groups = await local.kc.makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining(['apps', 'batch', 'snapshot.storage.k8s.io']),
    );
    const snapshots = await local.objects.list('snapshot.storage.k8s.io/v1', 'VolumeSnapshot', namespace);
    expect(snapshots.items).toEqual([]);
    const version = await local.kc.makeApiClient(VersionApi).getCode();
    expect(version.major).toBe('1');
  });

  it('answers a method a resource does not support with 405 MethodNotAllowed', async () => {
    await local.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'fixed' } } });
    const ctx = new RequestContext(`${local.api.url}/api/v1/namespaces/${namespace}/configmaps/fixed`, HttpMethod.POST);
    await local.kc.applySecurityAuthentication(ctx);
    const response = await fetch(ctx.getUrl(), { method: 'POST', headers: ctx.getHeaders(), body: '{}' });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
  });
});

import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyManifests } from '../../../../shared/functions/apply-manifests.js';
import { captureManifests } from '../../../../shared/functions/capture-manifests.js';
import { parseManifests, planApply } from '../../../../shared/kube/manifests/apply.js';
import type { Manifest } from '../../../../shared/kube/manifests/clean.js';
import { type Edge, eventually, execute, invocation, startEdge } from './edge-harness.js';

const SECRET_VALUE = 's3cr3t-pa55word';
const never = () => new AbortController().signal;

const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

async function seed(edge: Edge, namespace: string): Promise<void> {
  await edge.core.createNamespace({ body: { metadata: { name: namespace, labels: { team: 'retail' } } } });
  await edge.core.createNamespacedConfigMap({
    namespace,
    body: { metadata: { name: 'settings' }, data: { 'app.yaml': 'mode: production\nworkers: 4\n', flag: 'yes' } },
  });
  await edge.core.createNamespacedSecret({
    namespace,
    body: { metadata: { name: 'db-credentials' }, type: 'Opaque', stringData: { password: SECRET_VALUE } },
  });
  await edge.core.createNamespacedPersistentVolumeClaim({
    namespace,
    body: {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
  });
  await edge.apps.createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                // Ignores SIGTERM: deleting the namespace takes the grace period, so a restore meets it Terminating.
                command: [process.execPath, '-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"],
                ports: [{ name: 'http', containerPort: 8080 }],
                env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }],
              },
            ],
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
            terminationGracePeriodSeconds: 2,
          },
        },
      },
    },
  });
  await edge.core.createNamespacedService({
    namespace,
    body: {
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
  });
  await edge.core.createNamespacedService({
    namespace,
    body: {
      metadata: { name: 'web-headless' },
      spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] },
    },
  });
  await edge.custom.createNamespacedCustomObject({
    group: 'example.com',
    version: 'v1',
    namespace,
    plural: 'widgets',
    body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'blue' }, spec: { size: 3 } },
  });
}

/** Documents keyed `<Kind>/<name>` with a comparable form (the namespace normalised to `NS`). */
function byKey(manifests: readonly Manifest[], namespace: string): Map<string, unknown> {
  return new Map(
    manifests.map((m) => {
      const json = JSON.stringify(m).replaceAll(`"${namespace}"`, '"NS"');
      return [`${m.kind}/${m.metadata.name === namespace ? 'NS' : m.metadata.name}`, JSON.parse(json)];
    }),
  );
}

describe('CaptureManifests and ApplyManifests against the local API server', () => {
  let edge: Edge;
  const readBack = async (path: string) =>
    parseManifests(await text(await edge.location.download(path, { signal: never() })), path);
  const capture = async (namespace: string, path: string) => {
    const invoked = invocation(captureManifests, { namespace, path });
    const output = await execute(captureManifests, edge, invoked);
    return { output, invoked, manifests: await readBack(path) };
  };

  beforeAll(async () => {
    edge = await startEdge();
    await edge.custom.createClusterCustomObject({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      plural: 'customresourcedefinitions',
      body: WIDGET_CRD,
    });
    await eventually(async () =>
      edge.custom
        .listNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'default', plural: 'widgets' })
        .then(() => true),
    );
    await seed(edge, 'shop');
    await eventually(async () => (await edge.core.listNamespacedPod({ namespace: 'shop' })).items.length === 2);
  });
  afterAll(async () => {
    await edge.close();
  });

  let original: Manifest[] = [];

  it('captures every namespaced kind, cleaned, leaving out what the cluster recreates', async () => {
    const { output, invoked, manifests } = await capture('shop', 'manifests/shop.yaml');
    original = manifests;
    const keys = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'Namespace/shop',
        'ConfigMap/settings',
        'Secret/db-credentials',
        'PersistentVolumeClaim/data',
        'Deployment/web',
        'Service/web',
        'Service/web-headless',
        'Widget/blue',
        'CustomResourceDefinition/widgets.example.com',
      ]),
    );
    expect(keys.filter((k) => /^(Pod|ReplicaSet|Endpoints|EndpointSlice|Event)\//.test(k))).toEqual([]);
    expect(output).toMatchObject({ path: 'manifests/shop.yaml', count: manifests.length });
    expect(output?.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const m of manifests) {
      expect(m.status, m.kind).toBeUndefined();
      expect(Object.keys(m.metadata)).not.toEqual(expect.arrayContaining(['uid']));
      for (const field of ['resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'ownerReferences']) {
        expect(m.metadata[field], `${m.kind} ${field}`).toBeUndefined();
      }
    }
    const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);
    expect(find('Service', 'web')?.spec).not.toHaveProperty('clusterIP');
    expect(find('Service', 'web-headless')?.spec).toHaveProperty('clusterIP', 'None');
    const claim = find('PersistentVolumeClaim', 'data');
    expect(claim?.spec).toMatchObject({ resources: { requests: { storage: '1Gi' } } });
    expect(claim?.spec).not.toHaveProperty('volumeName');
    expect(claim?.metadata.annotations?.['pv.kubernetes.io/bind-completed']).toBeUndefined();
    const settings = manifests.find((m) => m.kind === 'ConfigMap');
    // Written for YAML 1.1 readers too (kubectl): `yes` stays a string.
    expect(settings?.data).toEqual({ 'app.yaml': 'mode: production\nworkers: 4\n', flag: 'yes' });
    const raw = await text(await edge.location.download('manifests/shop.yaml', { signal: never() }));
    expect(raw).toContain('flag: "yes"');
    const password = (find('Secret', 'db-credentials')?.data as Record<string, string> | undefined)?.password;
    expect(Buffer.from(password ?? '', 'base64').toString()).toBe(SECRET_VALUE);
    expect(JSON.stringify(invoked.logs)).not.toContain(SECRET_VALUE);
    expect(invoked.redactor.redact(`x ${SECRET_VALUE} y`)).toBe('x *** y');
  });

  it('applies them back into the deleted namespace, CRD included; a second capture is identical', async () => {
    await edge.core.deleteNamespace({ name: 'shop' });
    await edge.custom.deleteClusterCustomObject({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      plural: 'customresourcedefinitions',
      name: 'widgets.example.com',
    });
    const invoked = invocation(applyManifests, { path: 'manifests/shop.yaml', namespace: 'shop' });
    const output = await execute(applyManifests, edge, invoked);
    expect(output).toEqual({ count: original.length });
    expect(invoked.waits).toEqual([
      { kind: 'Namespace', id: 'shop' },
      { kind: 'CustomResourceDefinition', id: 'widgets.example.com' },
    ]);
    expect(JSON.stringify(invoked.logs)).not.toContain(SECRET_VALUE);
    await eventually(async () => (await edge.core.listNamespacedPod({ namespace: 'shop' })).items.length === 2);
    const again = await capture('shop', 'manifests/shop-again.yaml');
    expect(byKey(again.manifests, 'shop')).toEqual(byKey(original, 'shop'));
  });

  it('applies them into another namespace, changing only the namespace', async () => {
    const invoked = invocation(applyManifests, {
      path: 'manifests/shop.yaml',
      namespace: 'shop',
      targetNamespace: 'shop-copy',
    });
    expect(await execute(applyManifests, edge, invoked)).toEqual({ count: original.length });
    const copy = await capture('shop-copy', 'manifests/shop-copy.yaml');
    expect(byKey(copy.manifests, 'shop-copy')).toEqual(byKey(original, 'shop'));
    const password = await edge.core.readNamespacedSecret({ name: 'db-credentials', namespace: 'shop-copy' });
    expect(Buffer.from(password.data?.password ?? '', 'base64').toString()).toBe(SECRET_VALUE);
  });

  it('replaces objects that exist, keeping what the cluster allocated', async () => {
    const before = await edge.core.readNamespacedService({ name: 'web', namespace: 'shop-copy' });
    await edge.core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'shop-copy',
      body: { metadata: { name: 'settings' }, data: { flag: 'changed' } },
    });
    const invoked = invocation(applyManifests, {
      path: 'manifests/shop.yaml',
      namespace: 'shop',
      targetNamespace: 'shop-copy',
    });
    await execute(applyManifests, edge, invoked);
    const settings = await edge.core.readNamespacedConfigMap({ name: 'settings', namespace: 'shop-copy' });
    expect(settings.data).toEqual({ 'app.yaml': 'mode: production\nworkers: 4\n', flag: 'yes' });
    const after = await edge.core.readNamespacedService({ name: 'web', namespace: 'shop-copy' });
    expect(after.spec?.clusterIP).toBe(before.spec?.clusterIP);
  });
});

describe('apply order', () => {
  it('puts what others refer to first, workloads after, everything else last in captured order', () => {
    const m = (apiVersion: string, kind: string, name = kind.toLowerCase()): Manifest => ({
      apiVersion,
      kind,
      metadata: { name, namespace: 'a' },
    });
    const planned = planApply(
      [
        m('networking.k8s.io/v1', 'Ingress'),
        m('apps/v1', 'Deployment'),
        m('example.com/v1', 'Widget'),
        m('v1', 'Service'),
        m('v1', 'PersistentVolumeClaim'),
        m('v1', 'ConfigMap'),
        m('v1', 'Secret'),
        m('v1', 'ServiceAccount'),
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'widgets.example.com' },
        },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
        m('serving.knative.dev/v1', 'Service', 'knative'),
      ],
      'a',
      'b',
    );
    expect(planned.map((p) => `${p.kind}/${p.metadata.name}@${p.metadata.namespace ?? '-'}`)).toEqual([
      'Namespace/b@-',
      'CustomResourceDefinition/widgets.example.com@-',
      'ServiceAccount/serviceaccount@b',
      'Secret/secret@b',
      'ConfigMap/configmap@b',
      'PersistentVolumeClaim/persistentvolumeclaim@b',
      'Service/service@b',
      'Deployment/deployment@b',
      'Ingress/ingress@b',
      'Widget/widget@b',
      'Service/knative@b',
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeApis } from '../../../shared/kube/api.js';
import { annotatedWorkloads } from '../../../shared/kube/discovery.js';
import { fetchObject, kubeObjectResolver } from '../../../shared/kube/object-fetch.js';
import { runningPods } from '../../../shared/kube/pods.js';
import { subjectParams } from '../../../shared/kube/subject-params.js';
import { eventually, type LocalCluster, startLocalCluster } from '../../support/kube.js';

let cluster: LocalCluster;
const signal = new AbortController().signal;

const podTemplate = (app: string, extra: Record<string, unknown> = {}) => ({
  metadata: { labels: { app } },
  spec: {
    containers: [
      { name: 'main', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
      { name: 'sidecar', image: 'busybox' },
    ],
    ...extra,
  },
});

beforeAll(async () => {
  cluster = await startLocalCluster();
  for (const name of ['shop', 'other']) await cluster.core.createNamespace({ body: { metadata: { name } } });
  await cluster.core.createNamespacedPersistentVolumeClaim({
    namespace: 'shop',
    body: {
      metadata: { name: 'web-data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
  });
  await cluster.objects.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', annotations: { 'kanister.kasten.io/blueprint': 'web-hooks' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: podTemplate('web', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'web-data' } }] }),
    },
  });
  await cluster.objects.create({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'shop', annotations: { 'kanister.kasten.io/blueprint': 'postgresql' } },
    spec: {
      replicas: 2,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: podTemplate('db'),
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  });
  await cluster.objects.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'plain', namespace: 'other' },
    spec: { replicas: 0, selector: { matchLabels: { app: 'plain' } }, template: podTemplate('plain') },
  });
  await eventually(async () => {
    const pods = await cluster.core.listNamespacedPod({ namespace: 'shop' });
    return pods.items.filter((p) => p.status?.phase === 'Running').length === 4;
  });
});

afterAll(async () => {
  await cluster?.api.close();
});

describe('workload pods as Kanister fills .Deployment / .StatefulSet', () => {
  it('lists a StatefulSet’s running pods with their containers and claim mount paths', async () => {
    const pods = await runningPods(kubeApis(cluster.access.config, { signal }), 'StatefulSet', 'shop', 'db');
    expect(pods).toEqual([
      { name: 'db-0', containers: ['main', 'sidecar'], pvcs: { 'data-db-0': '/data' } },
      { name: 'db-1', containers: ['main', 'sidecar'], pvcs: { 'data-db-1': '/data' } },
    ]);
  });

  it('takes a Deployment’s pods from its current ReplicaSet only, running ones only', async () => {
    const apis = kubeApis(cluster.access.config, { signal });
    // A stray pod with the same labels but no owner is not the Deployment's.
    await cluster.core.createNamespacedPod({
      namespace: 'shop',
      body: { metadata: { name: 'stray', labels: { app: 'web' } }, spec: podTemplate('web').spec },
    });
    const pods = await runningPods(apis, 'Deployment', 'shop', 'web');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.name).toMatch(/^web-[a-z0-9]+-[a-z0-9]+$/);
      expect(pod.pvcs).toEqual({ 'web-data': '/data' });
    }
  });

  it('builds .Object and .StatefulSet for a subject', async () => {
    const params = await subjectParams(cluster.access, { kind: 'StatefulSet', namespace: 'shop', name: 'db' }, signal);
    expect((params.Object.metadata as { name: string }).name).toBe('db');
    expect(params.StatefulSet?.Pods).toEqual(['db-0', 'db-1']);
    expect(params.StatefulSet?.PersistentVolumeClaims).toEqual({
      'db-0': { 'data-db-0': '/data' },
      'db-1': { 'data-db-1': '/data' },
    });
  });
});

describe('objects read as the API returns them', () => {
  it('resolves Secrets (data still base64) and ConfigMaps for a phase’s objects', async () => {
    await cluster.core.createNamespacedSecret({
      namespace: 'shop',
      body: { metadata: { name: 'creds' }, data: { password: Buffer.from('pw').toString('base64') } },
    });
    await cluster.core.createNamespacedConfigMap({
      namespace: 'shop',
      body: { metadata: { name: 'cfg' }, data: { a: 'b' } },
    });
    const resolver = kubeObjectResolver(cluster.access);
    expect((await resolver.secret('shop', 'creds', signal)).data).toEqual({ password: 'cHc=' });
    expect((await resolver.configMap('shop', 'cfg', signal)).data).toEqual({ a: 'b' });
    await expect(resolver.secret('shop', 'nope', signal)).rejects.toThrow('secrets "nope" not found');
  });

  it('reads any object by kind (through discovery) or by group/version/resource', async () => {
    const apis = kubeApis(cluster.access.config, { signal });
    const byKind = await fetchObject(apis, { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'web-data' });
    const byResource = await fetchObject(apis, {
      apiVersion: 'v1',
      group: 'apps',
      resource: 'deployments',
      namespace: 'shop',
      name: 'web',
    });
    expect(byKind.kind).toBe('PersistentVolumeClaim');
    expect(byResource.kind).toBe('Deployment');
  });
});

describe('annotatedWorkloads', () => {
  it('finds the workloads bound to a blueprint by Kasten’s annotation', async () => {
    expect(await annotatedWorkloads(cluster.access, ['shop', 'other'], signal)).toEqual([
      { kind: 'Deployment', namespace: 'shop', name: 'web', blueprint: 'web-hooks' },
      { kind: 'StatefulSet', namespace: 'shop', name: 'db', blueprint: 'postgresql' },
    ]);
    expect(await annotatedWorkloads(cluster.access, [], signal)).toHaveLength(2);
    expect(await annotatedWorkloads(cluster.access, ['other'], signal)).toEqual([]);
  });
});

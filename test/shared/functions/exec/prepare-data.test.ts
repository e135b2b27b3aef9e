import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, eventually, type LocalCluster, startLocalCluster } from '../../../support/kube.js';
import { blueprintFrom, runBlueprintAction } from '../../../support/run-blueprint.js';

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await startLocalCluster();
  await cluster.core.createNamespace({ body: { metadata: { name: 'data' } } });
  await cluster.objects.create({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'store', namespace: 'data' },
    spec: {
      replicas: 1,
      serviceName: 'store',
      selector: { matchLabels: { app: 'store' } },
      template: {
        metadata: { labels: { app: 'store' } },
        spec: {
          containers: [{ name: 'store', image: 'busybox', volumeMounts: [{ name: 'vol', mountPath: '/var/store' }] }],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'vol' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  });
  await eventually(async () => {
    const pod = await cluster.core.readNamespacedPod({ namespace: 'data', name: 'store-0' });
    return pod.status?.phase === 'Running';
  });
});

afterAll(async () => {
  await cluster?.api.close();
});

const blueprint = (command: string, extra = '') =>
  blueprintFrom(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: prep }
actions:
  run:
    phases:
    - func: PrepareData
      name: prep
      args:
        namespace: "{{ .StatefulSet.Namespace }}"
        image: busybox
        command: [sh, -c, ${JSON.stringify(command)}]
${extra}
`);

const run = (bp: ReturnType<typeof blueprint>) =>
  runBlueprintAction({
    blueprint: bp,
    action: 'run',
    subject: { kind: 'StatefulSet', namespace: 'data', name: 'store' },
    clients: { kube: cluster.access },
    log: capturingLogger(),
  });

const taskPods = async () =>
  (await cluster.core.listNamespacedPod({ namespace: 'data', labelSelector: 'createdBy=kanister' })).items;

describe('PrepareData', () => {
  it('mounts every PVC of the subject by default and returns the markers of its log', async () => {
    const result = await run(blueprint('echo "###Phase-output###: {\\"key\\":\\"done\\",\\"value\\":\\"yes\\"}"'));
    expect(result.status).toBe('succeeded');
    expect(result.phases[0]?.output).toEqual({ done: 'yes' });
    expect(await taskPods()).toEqual([]);
  });

  it('ignores a failing command unless failOnError is set, as Kanister', async () => {
    expect((await run(blueprint('exit 2'))).status).toBe('succeeded');
    const strict = await run(blueprint('exit 2', '        failOnError: true'));
    expect(strict.status).toBe('failed');
    expect(strict.error?.message).toContain('container exited with code 2');
    expect(await taskPods()).toEqual([]);
  });

  it('refuses a PVC that does not exist', async () => {
    const result = await run(blueprint('true', '        volumes: { missing-claim: /mnt/x }'));
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('persistentvolumeclaims "missing-claim" not found');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, eventually, type LocalCluster, startLocalCluster } from '../../../support/kube.js';
import { blueprintFrom, runBlueprintAction } from '../../../support/run-blueprint.js';

let cluster: LocalCluster;
const labels = { app: 'cache' };

beforeAll(async () => {
  cluster = await startLocalCluster();
  await cluster.core.createNamespace({ body: { metadata: { name: 'cache' } } });
  await cluster.objects.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cache', namespace: 'cache' },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'redis', image: 'redis', env: [{ name: 'ROLE', value: 'redis' }] },
            { name: 'exporter', image: 'exporter', env: [{ name: 'ROLE', value: 'exporter' }] },
          ],
        },
      },
    },
  });
  await eventually(async () => {
    const pods = await cluster.core.listNamespacedPod({ namespace: 'cache' });
    return pods.items.filter((p) => p.status?.phase === 'Running').length === 2;
  });
});

afterAll(async () => {
  await cluster?.api.close();
});

const run = (yaml: string) =>
  runBlueprintAction({
    blueprint: blueprintFrom(yaml),
    action: 'run',
    subject: { kind: 'Deployment', namespace: 'cache', name: 'cache' },
    clients: { kube: cluster.access },
    log: capturingLogger(),
  });

const marker = (key: string, value: string) =>
  `echo "###Phase-output###: {\\"key\\":\\"${key}\\",\\"value\\":\\"${value}\\"}"`;

describe('KubeExec', () => {
  it('runs in the named container of a running pod and returns its stdout markers', async () => {
    const result = await run(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: exec }
actions:
  run:
    phases:
    - func: KubeExec
      name: role
      args:
        namespace: "{{ .Deployment.Namespace }}"
        pod: "{{ index .Deployment.Pods 0 }}"
        container: exporter
        command: [sh, -c, ${JSON.stringify(`echo working; ${marker('role', '$ROLE')}; echo oops >&2`)}]
    - func: KubeExec
      name: next
      args:
        namespace: "{{ .Deployment.Namespace }}"
        pod: "{{ index .Deployment.Pods 0 }}"
        command: [sh, -c, ${JSON.stringify(marker('seen', '{{ .Phases.role.Output.role }}-$ROLE'))}]
`);
    expect(result.status).toBe('succeeded');
    expect(result.phases[0]?.output).toEqual({ role: 'exporter' });
    // Without a container, the pod's first one (as kubectl picks it).
    expect(result.phases[1]?.output).toEqual({ seen: 'exporter-redis' });
  });
});

describe('KubeExecAll', () => {
  it('runs in every listed container of every listed pod and merges their markers', async () => {
    const result = await run(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: exec-all }
actions:
  run:
    phases:
    - func: KubeExecAll
      name: all
      args:
        namespace: "{{ .Deployment.Namespace }}"
        pods: "{{ range .Deployment.Pods }} {{ . }}{{ end }}"
        containers: redis exporter
        command: [sh, -c, ${JSON.stringify(`${marker('$ROLE-$HOSTNAME', 'ok')}`)}]
`);
    expect(result.status).toBe('succeeded');
    const keys = Object.keys(result.phases[0]?.output ?? {}).sort();
    expect(keys).toHaveLength(4);
    expect(keys.filter((k) => k.startsWith('redis-'))).toHaveLength(2);
    expect(keys.filter((k) => k.startsWith('exporter-'))).toHaveLength(2);
  });

  it('reports every failing container', async () => {
    const result = await run(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: exec-all }
actions:
  run:
    phases:
    - func: KubeExecAll
      name: all
      args:
        namespace: "{{ .Deployment.Namespace }}"
        pods: "{{ index .Deployment.Pods 0 }}"
        containers: redis exporter
        command: [sh, -c, 'test "$ROLE" = redis']
`);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/\(container exporter\) exited with code 1/);
    expect(result.error?.message).not.toMatch(/\(container redis\)/);
  });
});

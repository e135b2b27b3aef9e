import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskPodName } from '../../../../shared/kube/task-pod.js';
import { capturingLogger, eventually, type LocalCluster, startLocalCluster } from '../../../support/kube.js';
import { blueprintFrom, runBlueprintAction } from '../../../support/run-blueprint.js';

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await startLocalCluster();
  await cluster.core.createNamespace({ body: { metadata: { name: 'tasks' } } });
});

afterAll(async () => {
  await cluster?.api.close();
});

/** A one-phase blueprint running `script` with sh in a KubeTask (extra args as YAML lines). */
const task = (script: string, extra = '') =>
  blueprintFrom(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: task }
actions:
  run:
    phases:
    - func: KubeTask
      name: task
      args:
        namespace: tasks
        image: busybox
        command: [sh, -c, ${JSON.stringify(script)}]
${extra}
`);

const taskPods = async () =>
  (await cluster.core.listNamespacedPod({ namespace: 'tasks', labelSelector: 'createdBy=kanister' })).items;

const run = (blueprint: ReturnType<typeof task>, opts: Partial<Parameters<typeof runBlueprintAction>[0]> = {}) =>
  runBlueprintAction({ blueprint, action: 'run', clients: { kube: cluster.access }, log: capturingLogger(), ...opts });

describe('KubeTask', () => {
  it('returns the output markers from the pod log, and the pod is gone afterwards', async () => {
    const log = capturingLogger();
    const result = await run(
      task(
        'echo preparing; kando_out() { echo "###Phase-output###: {\\"key\\":\\"$1\\",\\"value\\":\\"$2\\"}"; }; kando_out version 15.4; kando_out where "$HOSTNAME"',
      ),
      { log },
    );
    expect(result.status).toBe('succeeded');
    const output = result.phases[0]?.output ?? {};
    expect(output.version).toBe('15.4');
    expect(String(output.where)).toMatch(/^kanister-job-[0-9a-f]{10}$/);
    expect(log.entries.some((e) => e.fields?.line === 'preparing')).toBe(true);
    expect(await taskPods()).toEqual([]);
  });

  it('applies podOverride (ActionSet then blueprint) to the pod it creates', async () => {
    const result = await run(
      task(
        'echo "###Phase-output###: {\\"key\\":\\"env\\",\\"value\\":\\"$FROM_BP/$FROM_AS\\"}"',
        `        podOverride:
          containers:
          - name: container
            env: [{ name: FROM_BP, value: blueprint }]`,
      ),
      {
        extraParams: {
          PodOverride: { containers: [{ name: 'container', env: [{ name: 'FROM_AS', value: 'actionset' }] }] },
        },
      },
    );
    expect(result.phases[0]?.output).toEqual({ env: 'blueprint/actionset' });
  });

  it('fails with the exit code and the last log lines when the command fails, and deletes the pod', async () => {
    const result = await run(task('echo "disk full at /var/lib/data"; exit 4'));
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('container exited with code 4');
    expect(result.error?.message).toContain('disk full at /var/lib/data');
    expect(await taskPods()).toEqual([]);
  });

  it('deletes the pod when the run is aborted', async () => {
    const controller = new AbortController();
    const running = run(task('sleep 30'), { signal: controller.signal });
    await eventually(async () => (await taskPods()).some((p) => p.status?.phase === 'Running'));
    controller.abort();
    const result = await running;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('aborted');
    await eventually(async () => (await taskPods()).length === 0, 15_000);
  });

  it('deletes the pod when the phase times out', async () => {
    const result = await run(task('sleep 30'), { phaseSettings: () => ({ timeoutSeconds: 1 }) });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('timed out');
    await eventually(async () => (await taskPods()).length === 0, 15_000);
  });

  it('adopts the pod an earlier attempt of the same run and phase created, instead of running the task twice', async () => {
    const name = taskPodName('kanister-job-', 'run-42', 'run', 'task');
    const earlier: V1Pod = {
      metadata: { name, namespace: 'tasks', labels: { createdBy: 'kanister' } },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'container',
            image: 'busybox',
            command: ['sh', '-c', 'echo "###Phase-output###: {\\"key\\":\\"from\\",\\"value\\":\\"first\\"}"'],
          },
        ],
      },
    };
    await cluster.core.createNamespacedPod({ namespace: 'tasks', body: earlier });
    const result = await run(task('echo "###Phase-output###: {\\"key\\":\\"from\\",\\"value\\":\\"second\\"}"'), {
      runId: 'run-42',
    });
    expect(result.phases[0]?.output).toEqual({ from: 'first' });
    expect(await taskPods()).toEqual([]);
  });
});

describe('MultiContainerRun', () => {
  it('runs background and output containers side by side; the output container’s markers are the outputs', async () => {
    const blueprint = blueprintFrom(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: multi }
actions:
  run:
    phases:
    - func: MultiContainerRun
      name: multi
      args:
        namespace: tasks
        backgroundImage: busybox
        backgroundCommand: [sh, -c, 'echo from-background > shared.txt']
        outputImage: busybox
        outputCommand:
        - sh
        - -c
        - 'while [ ! -s shared.txt ]; do sleep 0.1; done; echo "###Phase-output###: {\\"key\\":\\"got\\",\\"value\\":\\"$(cat shared.txt)\\"}"'
`);
    const result = await run(blueprint);
    expect(result.status).toBe('succeeded');
    expect(result.phases[0]?.output).toEqual({ got: 'from-background' });
    expect(await taskPods()).toEqual([]);
  });
});

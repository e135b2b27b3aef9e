import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, type LocalCluster, startLocalCluster } from '../../../support/kube.js';
import { blueprintFrom, runBlueprintAction } from '../../../support/run-blueprint.js';

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await startLocalCluster();
  await cluster.core.createNamespace({ body: { metadata: { name: 'app' } } });
});

afterAll(async () => {
  await cluster?.api.close();
});

const labels = { app: 'api' };
const deployment = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'app' },
  spec: {
    replicas,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [{ name: 'api', image: 'busybox' }] } },
  },
});

/** A Wait or WaitV2 phase on the subject Deployment; its objectReference is rendered from the subject. */
const waitFor = (func: 'Wait' | 'WaitV2', condition: string, timeout = '20s') =>
  blueprintFrom(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: wait }
actions:
  run:
    phases:
    - func: ${func}
      name: ready
      args:
        timeout: ${timeout}
        conditions:
          anyOf:
          - condition: '${condition}'
            objectReference:
              apiVersion: v1
              group: apps
              resource: deployments
              name: "{{ .Deployment.Name }}"
              namespace: "{{ .Deployment.Namespace }}"
`);

const run = (blueprint: ReturnType<typeof waitFor>) =>
  runBlueprintAction({
    blueprint,
    action: 'run',
    subject: { kind: 'Deployment', namespace: 'app', name: 'api' },
    clients: { kube: cluster.access },
    log: capturingLogger(),
  });

describe('Wait and WaitV2 against the local API server', () => {
  it('Wait: holds until {$.jsonpath} values make the Go template say true', async () => {
    await cluster.objects.create(deployment(2));
    const result = await run(
      waitFor('Wait', '{{ if (eq "{$.spec.replicas}" "{$.status.availableReplicas}") }}true{{ end }}'),
    );
    expect(result.status).toBe('succeeded');
    const current = await cluster.apps.readNamespacedDeployment({ namespace: 'app', name: 'api' });
    expect(current.status?.availableReplicas).toBe(2);
  });

  it('WaitV2: evaluates the template on the object', async () => {
    const result = await run(
      waitFor(
        'WaitV2',
        '{{ $available := false }}{{ range .status.conditions }}{{ if and (eq .type "Available") (eq .status "True") }}{{ $available = true }}{{ end }}{{ end }}{{ $available }}',
      ),
    );
    expect(result.status).toBe('succeeded');
  });

  it('times out with Kanister’s message, naming the last evaluation error', async () => {
    const result = await run(waitFor('WaitV2', '{{ if (eq .status.phase "Bound") }}true{{ end }}', '1s'));
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('Failed to wait for the condition to be met: timed out after 1s');
    expect(result.error?.message).toContain('"phase" not found');
  });

  it('times out when the condition stays false', async () => {
    const result = await run(waitFor('Wait', '{{ if (eq "{$.spec.replicas}" "5") }}true{{ end }}', '1500ms'));
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe(
      'phase ready (Wait): Failed to wait for the condition to be met: timed out after 1.5s',
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, type LocalCluster, startLocalCluster } from '../../../support/kube.js';
import { blueprintFrom, runBlueprintAction } from '../../../support/run-blueprint.js';

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await startLocalCluster();
  await cluster.core.createNamespace({ body: { metadata: { name: 'ops' } } });
});

afterAll(async () => {
  await cluster?.api.close();
});

// Create a ConfigMap in the first phase, delete it by the reference the first phase output.
const blueprint = blueprintFrom(`
apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata: { name: ops }
actions:
  run:
    phases:
    - func: KubeOps
      name: create
      args:
        operation: create
        namespace: ops
        spec: |-
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: marker
          data:
            stage: "{{ .Options.stage }}"
    - func: KubeOps
      name: remove
      args:
        operation: delete
        objectReference:
          apiVersion: "{{ .Phases.create.Output.apiVersion }}"
          group: "{{ .Phases.create.Output.group }}"
          resource: "{{ .Phases.create.Output.resource }}"
          name: "{{ .Phases.create.Output.name }}"
          namespace: "{{ .Phases.create.Output.namespace }}"
`);

describe('KubeOps', () => {
  it('creates an object from a spec, outputs its reference, and deletes it by that reference', async () => {
    const result = await runBlueprintAction({
      blueprint,
      action: 'run',
      clients: { kube: cluster.access },
      log: capturingLogger(),
      extraParams: { Options: { stage: 'pre' } },
    });
    expect(result.status).toBe('succeeded');
    expect(result.phases[0]?.output).toEqual({
      apiVersion: 'v1',
      group: '',
      resource: 'configmaps',
      kind: '',
      name: 'marker',
      namespace: 'ops',
    });
    expect(result.phases[1]?.output).toEqual({
      apiVersion: 'v1',
      group: '',
      resource: 'configmaps',
      kind: '',
      name: 'marker',
      namespace: 'ops',
    });
    const left = await cluster.core.listNamespacedConfigMap({ namespace: 'ops' });
    expect(left.items.map((c) => c.metadata?.name)).not.toContain('marker');
  });

  it('reports the API server’s refusal of a duplicate', async () => {
    await cluster.core.createNamespacedConfigMap({ namespace: 'ops', body: { metadata: { name: 'marker' } } });
    const result = await runBlueprintAction({
      blueprint,
      action: 'run',
      clients: { kube: cluster.access },
      log: capturingLogger(),
      extraParams: { Options: { stage: 'pre' } },
    });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe(
      'phase create (KubeOps): create ConfigMap in ops: configmaps "marker" already exists (HTTP 409 AlreadyExists)',
    );
  });
});

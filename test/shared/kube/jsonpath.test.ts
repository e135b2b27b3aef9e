import { describe, expect, it } from 'vitest';
import { JsonPathError, jsonPathText } from '../../../shared/kube/jsonpath.js';

// The Deployment of Kanister's pkg/jsonpath test, as the API returns it.
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'test-deployment', namespace: 'test', labels: { app: 'demo', 'app.kubernetes.io/name': 'x' } },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', ports: [{ containerPort: 80 }] }] } } },
  status: {
    availableReplicas: 3,
    conditions: [
      { reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
      { reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
    ],
    readyReplicas: 3,
    replicas: 3,
    ratio: 0.5,
    empty: null,
  },
};

describe('Kubernetes JSONPath (kubectl -o jsonpath)', () => {
  it('reads fields, as in Kanister’s own test', () => {
    expect(jsonPathText(deployment, '{.spec.replicas}')).toBe('3');
    expect(jsonPathText(deployment, '{.status.availableReplicas}')).toBe('3');
    expect(jsonPathText(deployment, '{$.status.replicas}')).toBe('3');
  });

  it('filters lists', () => {
    expect(jsonPathText(deployment, '{.status.conditions[?(@.type == "Available")].type}')).toBe('Available');
    expect(jsonPathText(deployment, `{.status.conditions[?(@.type=='Progressing')].reason}`)).toBe(
      'NewReplicaSetAvailable',
    );
    expect(jsonPathText(deployment, '{.status.conditions[?(@.status != "True")].type}')).toBe('');
  });

  it('refuses a missing key, as kubectl does without --allow-missing-template-keys', () => {
    expect(() => jsonPathText(deployment, '{.status.something}')).toThrow(JsonPathError);
    expect(() => jsonPathText(deployment, '{.status.something}')).toThrow('something is not found');
  });

  it('prints several results space-separated, lists and maps as JSON, and text outside braces as is', () => {
    expect(jsonPathText(deployment, '{.status.conditions[*].type}')).toBe('Available Progressing');
    expect(jsonPathText(deployment, '{.metadata.labels}')).toBe('{"app":"demo","app.kubernetes.io/name":"x"}');
    expect(jsonPathText(deployment, "{.metadata.labels['app.kubernetes.io/name']}")).toBe('x');
    expect(jsonPathText(deployment, 'ready={.status.readyReplicas}/{.spec.replicas}')).toBe('ready=3/3');
  });

  it('indexes and slices lists, and descends recursively', () => {
    expect(jsonPathText(deployment, '{.status.conditions[-1].type}')).toBe('Progressing');
    expect(jsonPathText(deployment, '{.status.conditions[0:1].type}')).toBe('Available');
    expect(jsonPathText(deployment, '{..containerPort}')).toBe('80');
    expect(() => jsonPathText(deployment, '{.status.conditions[5]}')).toThrow('array index out of bounds');
  });

  it('prints numbers and nulls as Go does', () => {
    expect(jsonPathText(deployment, '{.status.ratio}')).toBe('0.5');
    expect(jsonPathText(deployment, '{.status.empty}')).toBe('<nil>');
  });
});

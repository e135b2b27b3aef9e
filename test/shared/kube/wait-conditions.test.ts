import { describe, expect, it } from 'vitest';
import { evaluateWait, evaluateWaitV2 } from '../../../shared/kube/wait-conditions.js';

const pvc = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'db', annotations: { token: 'aGVsbG8=' } },
  spec: { resources: { requests: { storage: '1Gi' } } },
  status: { phase: 'Bound', capacity: { storage: '1Gi' }, conditions: [{ type: 'Resizing', status: 'False' }] },
};

describe('Wait conditions: {$.jsonpath} placeholders, then a Go template with Kanister’s sprig', () => {
  it('is true when the rendered template says true', () => {
    expect(evaluateWait(pvc, '{{ if (eq "{ $.status.phase }" "Bound") }}true{{ end }}').trim()).toBe('true');
    expect(evaluateWait(pvc, '{{ if (eq "{$.status.phase}" "Pending") }}true{{ end }}').trim()).toBe('');
  });

  it('uses sprig functions on the substituted values', () => {
    expect(evaluateWait(pvc, '{{ "{$.status.phase}" | lower }}')).toBe('bound');
  });

  it('fails the evaluation when a placeholder names a missing field', () => {
    expect(() => evaluateWait(pvc, '{{ if (eq "{$.status.nope}" "x") }}true{{ end }}')).toThrow('nope is not found');
  });
});

describe('WaitV2 conditions: a Go template executed on the object, as kubectl -o go-template', () => {
  it('reads the object’s fields', () => {
    expect(evaluateWaitV2(pvc, '{{ if (eq .status.phase "Bound") }}true{{ end }}')).toBe('true');
    expect(
      evaluateWaitV2(pvc, '{{ range .status.conditions }}{{ if eq .type "Resizing" }}{{ .status }}{{ end }}{{ end }}'),
    ).toBe('False');
  });

  it('has kubectl’s exists and base64decode, not sprig', () => {
    expect(evaluateWaitV2(pvc, '{{ exists . "status" "capacity" "storage" }}')).toBe('true');
    expect(evaluateWaitV2(pvc, '{{ exists . "status" "missing" }}')).toBe('false');
    expect(evaluateWaitV2(pvc, '{{ base64decode .metadata.annotations.token }}')).toBe('hello');
    // A template kubectl cannot parse (sprig's lower is unknown there) is simply false, as in Kanister.
    expect(evaluateWaitV2(pvc, '{{ lower .status.phase }}')).toBe('');
  });

  it('sees numbers as float64, as JSON decoded into interface{}', () => {
    const deployment = { spec: { replicas: 2 }, status: { readyReplicas: 2 } };
    expect(evaluateWaitV2(deployment, '{{ if eq .spec.replicas .status.readyReplicas }}true{{ end }}')).toBe('true');
    expect(evaluateWaitV2(deployment, '{{ printf "%T" .spec.replicas }}')).toBe('float64');
  });
});

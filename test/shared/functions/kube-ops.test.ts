import { describe, expect, it } from 'vitest';
import { kubeOps } from '../../../shared/functions/kube-ops.js';
import { parsed, problemsOf } from './parse-helpers.js';

describe('KubeOps args', () => {
  it('create needs a spec; namespace defaults to "default"', () => {
    expect(parsed(kubeOps, { operation: 'create', spec: 'kind: Pod' })).toEqual({
      operation: 'create',
      spec: 'kind: Pod',
      namespace: 'default',
    });
    expect(problemsOf(kubeOps, { operation: 'create', spec: '' })).toEqual([
      'spec: operation create needs the YAML of the object in spec',
    ]);
  });

  it('delete needs an object reference with name, apiVersion and resource (keys matched like Go fields)', () => {
    expect(
      parsed(kubeOps, {
        operation: 'delete',
        objectReference: { APIVersion: 'v1', resource: 'pods', name: 'p', namespace: 'ns', ignored: 1 },
      }).objectReference,
    ).toEqual({ apiVersion: 'v1', group: '', resource: 'pods', kind: '', name: 'p', namespace: 'ns' });
    expect(problemsOf(kubeOps, { operation: 'delete', objectReference: { name: 'p' } })).toEqual([
      'objectReference: operation delete needs objectReference with apiVersion, resource',
    ]);
  });

  it('compares the operation exactly, as Kanister does', () => {
    expect(problemsOf(kubeOps, { operation: 'Create', spec: 'x' })).toEqual([
      'operation: "Create" is not one of create, delete',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { scaleWorkload } from '../../../shared/functions/scale-workload.js';
import { parsed, problemsOf } from './parse-helpers.js';

describe('ScaleWorkload args', () => {
  it.each([
    [0, 0],
    [3, 3],
    ['2', 2],
    ['+2', 2],
    ['007', 7],
  ])('replicas %j → %j', (input, expected) => {
    expect(parsed(scaleWorkload, { replicas: input }).replicas).toBe(expected);
  });

  it('reads replicas with strconv.Atoi, not ParseInt: no base prefixes', () => {
    expect(problemsOf(scaleWorkload, { replicas: '0x10' })).toEqual(['replicas: "0x10" is not an integer']);
    expect(problemsOf(scaleWorkload, { replicas: 'abc' })).toEqual(['replicas: "abc" is not an integer']);
  });

  it('refuses replica counts Kubernetes would refuse', () => {
    expect(problemsOf(scaleWorkload, { replicas: -1 })).toEqual([
      'replicas: -1 is negative; give a replica count of 0 or more',
    ]);
    expect(problemsOf(scaleWorkload, { replicas: 1.5 })).toEqual([
      'replicas: expected a replica count (integer), got the number 1.5',
    ]);
    expect(problemsOf(scaleWorkload, { replicas: null })).toEqual([
      'replicas: expected a replica count (integer), got nothing (null)',
    ]);
  });

  it('waits for readiness by default and takes the kind case-insensitively', () => {
    expect(parsed(scaleWorkload, { replicas: 1, kind: 'StatefulSet', waitForReady: 'false' })).toEqual({
      replicas: 1,
      kind: 'statefulset',
      waitForReady: false,
    });
    expect(parsed(scaleWorkload, { replicas: 1 }).waitForReady).toBe(true);
    expect(problemsOf(scaleWorkload, { replicas: 1, kind: 'ReplicaSet' })).toEqual([
      'kind: "ReplicaSet" is not one of deployment, statefulset, deploymentconfig',
    ]);
  });
});

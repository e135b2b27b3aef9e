import { describe, expect, it } from 'vitest';
import { kubeExecAll } from '../../../shared/functions/kube-exec-all.js';
import { parsed, problemsOf } from './parse-helpers.js';

describe('KubeExecAll args', () => {
  it('splits pods and containers on whitespace, as strings.Fields does', () => {
    const args = parsed(kubeExecAll, {
      namespace: 'db',
      pods: ' cassandra-0  cassandra-1\n',
      containers: 'cassandra',
      command: ['nodetool', 'flush'],
    });
    expect(args.pods).toEqual(['cassandra-0', 'cassandra-1']);
    expect(args.containers).toEqual(['cassandra']);
  });

  it('refuses a YAML list of pods, which Kanister cannot decode into its string', () => {
    expect(problemsOf(kubeExecAll, { namespace: 'db', pods: ['a'], containers: 'c', command: ['ls'] })).toEqual([
      'pods: expected pod names (one string, space-separated), got a list',
    ]);
  });
});

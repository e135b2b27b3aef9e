import { describe, expect, it } from 'vitest';
import { kubeTask } from '../../../shared/functions/kube-task.js';
import { parsed, problemsOf } from './parse-helpers.js';

const base = { image: 'busybox', command: ['true'] };

describe('podOverride, podLabels and podAnnotations', () => {
  it('keep the override as given and decode labels weakly', () => {
    const args = parsed(kubeTask, {
      ...base,
      podOverride: { containers: [{ name: 'container', imagePullPolicy: 'IfNotPresent' }] },
      podLabels: { 'app.kubernetes.io/name': 'db', tier: 1 },
      podAnnotations: { 'example.com/Note': 'anything goes here' },
    });
    expect(args.podOverride).toEqual({ containers: [{ name: 'container', imagePullPolicy: 'IfNotPresent' }] });
    expect(args.podLabels).toEqual({ 'app.kubernetes.io/name': 'db', tier: '1' });
  });

  it('refuse label keys and values Kubernetes would refuse', () => {
    expect(problemsOf(kubeTask, { ...base, podLabels: { 'bad key': 'v' } })).toEqual([
      'podLabels.bad key: label key "bad key" must be at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit',
    ]);
    expect(problemsOf(kubeTask, { ...base, podLabels: { app: 'has space' } })).toEqual([
      'podLabels.app: label value "has space" must be empty or at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit',
    ]);
    expect(problemsOf(kubeTask, { ...base, podAnnotations: { 'Bad_Prefix.com/x': 'v' } })).toEqual([
      'podAnnotations.Bad_Prefix.com/x: annotation key "Bad_Prefix.com/x" has a prefix that is not a DNS subdomain (lower-case letters, digits, - and .)',
    ]);
  });

  it('refuse an override that is not a map', () => {
    expect(problemsOf(kubeTask, { ...base, podOverride: 'nodeSelector: x' })).toEqual([
      'podOverride: expected a pod spec override (map), got the string "nodeSelector: x"',
    ]);
  });
});

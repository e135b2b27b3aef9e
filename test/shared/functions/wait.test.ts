import { describe, expect, it } from 'vitest';
import { wait } from '../../../shared/functions/wait.js';
import { waitV2 } from '../../../shared/functions/wait-v2.js';
import { parsed, problemsOf } from './parse-helpers.js';

const podReady = {
  condition: '{{ if "$.status.containerStatuses[].ready"}}true{{ else }}false{{ end }}',
  objectReference: { apiVersion: 'v1', resource: 'pods', name: '{{ .StatefulSet.Name }}-0' },
};

describe.each([
  ['Wait', wait],
  ['WaitV2', waitV2],
])('%s args', (_name, spec) => {
  it('parses the timeout as a Go duration and keeps condition templates as written', () => {
    const args = parsed(spec, { timeout: '240s', conditions: { anyOf: [podReady] } });
    expect(args.timeout).toBe(240_000);
    expect(args.conditions.allOf).toEqual([]);
    expect(args.conditions.anyOf).toEqual([
      {
        condition: podReady.condition,
        objectReference: {
          apiVersion: 'v1',
          group: '',
          resource: 'pods',
          kind: '',
          name: '{{ .StatefulSet.Name }}-0',
          namespace: '',
        },
      },
    ]);
  });

  it('lifts a single condition map into the list, as mapstructure does', () => {
    expect(parsed(spec, { timeout: '1m', conditions: { allOf: podReady } }).conditions.allOf).toHaveLength(1);
  });

  it('refuses a wait that could only time out, and a timeout without a unit', () => {
    expect(problemsOf(spec, { timeout: '5m', conditions: {} })).toEqual([
      'conditions: give at least one condition under anyOf or allOf; with none the wait can only time out',
    ]);
    expect(problemsOf(spec, { timeout: 300, conditions: { anyOf: [podReady] } })).toEqual([
      'timeout: "300" is not a duration (use e.g. 300ms, 30s, 5m, 1h30m)',
    ]);
  });

  it('points at the bad condition inside the list', () => {
    expect(problemsOf(spec, { timeout: '5m', conditions: { anyOf: [podReady, 'ready'] } })).toEqual([
      'conditions.anyOf[1]: expected a map, got the string "ready"',
    ]);
  });
});

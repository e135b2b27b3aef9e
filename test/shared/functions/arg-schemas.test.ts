import { describe, expect, it } from 'vitest';
import {
  functionArgs,
  goBool,
  goDuration,
  goEnum,
  goInt,
  goString,
  goStringList,
  locationPath,
  quantity,
  yamlStringList,
} from '../../../shared/functions/arg-schemas.js';
import { FunctionArgsError } from '../../../shared/functions/errors.js';
import { type FunctionSpec, parseFunctionArgs } from '../../../shared/functions/types.js';

const args = functionArgs('Demo', {
  pod: goString('a pod name'),
  wait: goBool('whether to wait').default(true),
  replicas: goInt('a replica count').optional(),
  command: goStringList('the command to run').optional(),
  timeout: goDuration('the timeout').optional(),
  mode: goEnum('the mode', ['create', 'delete']).optional(),
  groups: yamlStringList('security group ids').optional(),
  size: quantity('a size', { positive: true }).optional(),
  path: locationPath('where to store it').optional(),
});
const demo = { name: 'Demo', summary: '', args, outputs: [], needs: [], origin: 'holdfast' } satisfies FunctionSpec;

function problems(input: unknown): readonly string[] {
  try {
    parseFunctionArgs(demo, input);
  } catch (error) {
    if (error instanceof FunctionArgsError) return error.problems;
    throw error;
  }
  throw new Error('expected the args to be refused');
}

describe('rendered args are decoded into typed values', () => {
  it('coerces the way Kanister does', () => {
    const parsed = parseFunctionArgs(demo, {
      pod: 12,
      wait: 'False',
      replicas: '0x10',
      command: 'echo hi',
      timeout: '1m30s',
      groups: '- sg-1\n- sg-2\n',
      size: '10Gi',
      path: 'apps/db/dump.gz',
    });
    expect(parsed).toEqual({
      pod: '12',
      wait: false,
      replicas: 16,
      command: ['echo hi'],
      timeout: 90_000,
      groups: ['sg-1', 'sg-2'],
      size: '10Gi',
      path: 'apps/db/dump.gz',
    });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['', false],
    ['f', false],
    [0, false],
  ])('bool %j → %j', (input, expected) => {
    expect(parseFunctionArgs(demo, { pod: 'p', wait: input }).wait).toBe(expected);
  });

  it('applies defaults and keeps absent optional args absent', () => {
    expect(parseFunctionArgs(demo, { pod: 'p' })).toEqual({ pod: 'p', wait: true });
  });

  it('treats a phase without args like empty args', () => {
    expect(problems(undefined)).toEqual(['pod: required arg is missing: expected a pod name (string)']);
  });

  it('accepts a YAML list in a string, and treats an empty one as not given', () => {
    expect(parseFunctionArgs(demo, { pod: 'p', groups: '[sg-1]' }).groups).toEqual(['sg-1']);
    expect(parseFunctionArgs(demo, { pod: 'p', groups: '' }).groups).toBeUndefined();
    expect(parseFunctionArgs(demo, { pod: 'p', groups: ['sg-1', 2] }).groups).toEqual(['sg-1', '2']);
  });
});

describe('bad args produce messages that name the arg and the fix', () => {
  it.each([
    [{ pod: ['a', 'b'] }, 'pod: expected a pod name (string), got a list'],
    [{ pod: 'p', replicas: 'abc' }, 'replicas: "abc" is not an integer'],
    [{ pod: 'p', wait: 'yes' }, 'wait: "yes" is not a boolean (use true/false, 1/0, t/f)'],
    [{ pod: 'p', timeout: '5' }, 'timeout: "5" is not a duration (use e.g. 300ms, 30s, 5m, 1h30m)'],
    [{ pod: 'p', mode: 'Create' }, 'mode: "Create" is not one of create, delete'],
    [{ pod: 'p', command: ['ls', { a: 1 }] }, 'command[1]: expected a string, got a map'],
    [{ pod: 'p', groups: 'sg-1' }, 'groups: "sg-1" is not a YAML list of strings'],
    [{ pod: 'p', groups: null }, 'groups: expected security group ids as a list, got nothing (null)'],
    [{ pod: 'p', size: '0' }, 'size: "0" must be greater than zero'],
    [{ pod: 'p', size: '10 GB' }, 'size: "10 GB" is not a Kubernetes quantity (e.g. 10Gi, 500M)'],
    [{ pod: 'p', path: '/abs/key' }, 'path: "/abs/key" must be relative to the location prefix (drop the leading /)'],
    [{ pod: 'p', path: 'a/../b' }, 'path: "a/../b" must not contain . or .. segments'],
    [{ pod: 'p', path: '' }, 'path: "" is empty; give an object key such as backups/app/dump.gz'],
  ])('%j', (input, message) => {
    expect(problems(input)).toEqual([message]);
  });

  it('refuses unknown args, listing the accepted ones', () => {
    expect(problems({ pod: 'p', containr: 'c' })).toEqual([
      'Demo does not accept "containr"; its args are: pod, wait, replicas, command, timeout, mode, groups, size, path',
    ]);
  });

  it('reports every problem at once, in the error message too', () => {
    expect.assertions(2);
    try {
      parseFunctionArgs(demo, { replicas: 'x', wait: 'maybe' });
    } catch (error) {
      expect((error as FunctionArgsError).problems).toHaveLength(3);
      expect((error as Error).message).toContain('invalid args for Demo:\n  pod: required arg is missing');
    }
  });
});

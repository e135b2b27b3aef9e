import { describe, expect, it } from 'vitest';
import { strval } from '../../../../../shared/blueprint/template/sprig/conv.js';
import { GoPointer, type GoStruct } from '../../../../../shared/blueprint/template/values.js';
import { call, failure } from './call.js';

describe('sprig semver (Masterminds/semver v1.5.0)', () => {
  it('parses lenient versions; String() drops the v and fills missing parts', () => {
    const v = call('semver', 'v1.2');
    expect(strval(v)).toBe('1.2.0');
    expect(v).toBeInstanceOf(GoPointer);
    const fields = ((v as GoPointer).target as GoStruct).fields;
    expect(fields.get('Major')).toBe(1n);
    expect(fields.get('Original')).toBe('v1.2');
    expect(((call('semver', '1.2.3-beta.1+b5') as GoPointer).target as GoStruct).fields.get('Prerelease')).toBe(
      'beta.1',
    );
    expect(failure('semver', 'foo')).toBe('Invalid Semantic Version');
  });

  it('checks constraints with v1 rules', () => {
    expect(call('semverCompare', '^1.2.0', '1.3.4')).toBe(true);
    expect(call('semverCompare', '~1.2.0', '1.3.4')).toBe(false);
    expect(call('semverCompare', '1.2 - 1.4', '1.3.9')).toBe(true);
    expect(call('semverCompare', '1.x', '1.9.9')).toBe(true);
    expect(call('semverCompare', '>=1.2, <2.0 || 3.x', '3.1.0')).toBe(true);
    expect(call('semverCompare', '!=1.2.3', '1.2.3')).toBe(false);
    // v1: a pre-release only satisfies constraints that carry one.
    expect(call('semverCompare', '>=1.2.0', '1.3.0-beta')).toBe(false);
    expect(call('semverCompare', '>=1.2.0-0', '1.3.0-beta')).toBe(true);
    expect(call('semverCompare', '>0', '0.0.1-alpha')).toBe(true);
  });

  it('reports bad constraints before bad versions', () => {
    expect(failure('semverCompare', 'foo', '1.2.3')).toBe('improper constraint: foo');
    // v1 only joins with commas; "a b" is not a constraint (semver v3 would accept it).
    expect(failure('semverCompare', '>=1.2 <2', '1.3')).toBe('improper constraint: >=1.2 <2');
    expect(failure('semverCompare', '>=1.2', 'x')).toBe('Invalid Semantic Version');
  });
});

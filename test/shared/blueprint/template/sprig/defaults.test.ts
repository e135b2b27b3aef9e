import { describe, expect, it } from 'vitest';
import {
  GoBytes,
  GoMap,
  GoPointer,
  GoStruct,
  GoTime,
  type StructType,
  T,
} from '../../../../../shared/blueprint/template/values.js';
import { call, dict, failure, list } from './call.js';

describe('sprig defaults and JSON', () => {
  it('default applies to sprig-empty values only (structs and times are never empty)', () => {
    expect(call('default', 'd', '')).toBe('d');
    expect(call('default', 'd', 0n)).toBe('d');
    expect(call('default', 'd', list())).toBe('d');
    expect(call('default', 'd')).toBe('d');
    expect(call('default', 'd', 'x')).toBe('x');
    expect(call('default', 5n, null)).toBe(5n);
    const zeroTime = new GoTime(-62135596800000000000n, 0, 'UTC');
    expect(call('default', 'd', zeroTime)).toBe(zeroTime);
    expect(call('empty', new GoPointer(T.string, null))).toBe(true);
    expect(call('empty', new GoMap(T.iface, new Map()))).toBe(true);
    expect(call('empty', 0.0)).toBe(true);
  });

  it('coalesce and ternary', () => {
    expect(call('coalesce', null, list(), 0, false, 'z')).toBe('z');
    expect(call('coalesce')).toBe(null);
    expect(call('ternary', 'a', 'b', true)).toBe('a');
    expect(call('ternary', 'a', 'b', false)).toBe('b');
  });

  it('fail returns its message as the error', () => {
    expect(failure('fail', 'boom')).toBe('boom');
  });

  it('toJson: sorted keys, HTML escaping, Go float format, []byte as base64, nil collections as null', () => {
    const v = dict({
      b: 1.5,
      a: '<x>&',
      c: null,
      d: list(1n, true),
      e: 1e21,
      f: 0.000001,
      g: 1e-7,
      h: new GoBytes(new TextEncoder().encode('hi')),
      i: new GoMap(T.string, null),
      j: -0,
    });
    expect(call('toJson', v)).toBe(
      '{"a":"\\u003cx\\u003e\\u0026","b":1.5,"c":null,"d":[1,true],"e":1e+21,"f":0.000001,"g":1e-7,"h":"aGk=","i":null,"j":-0}',
    );
    expect(call('toJson', null)).toBe('null');
    expect(call('toJson', 'é\u0000\u2028')).toBe('"é\\u0000\\u2028"');
  });

  it('toJson follows Go ≥ 1.22 for \\b and \\f (Kanister’s Go), and gives "" for unsupported values', () => {
    expect(call('toJson', '\b\f')).toBe('"\\b\\f"');
    expect(call('toJson', Number.NaN)).toBe('');
    const self = dict({});
    self.entries?.set('self', self);
    expect(call('toJson', self)).toBe('');
  });

  it('toPrettyJson indents with two spaces and keeps empty containers compact', () => {
    expect(call('toPrettyJson', dict({ a: dict({}), b: list(), c: list(1n, dict({ x: 1n })) }))).toBe(
      '{\n  "a": {},\n  "b": [],\n  "c": [\n    1,\n    {\n      "x": 1\n    }\n  ]\n}',
    );
  });

  it('toJson honours struct json tags, omitempty, promoted embedded fields and time.Time', () => {
    const meta: StructType = {
      name: 'v1.ObjectMeta',
      fields: [{ name: 'Name', type: T.string, json: 'name', omitEmpty: true }],
    };
    const typeMeta: StructType = {
      name: 'v1.TypeMeta',
      fields: [{ name: 'Kind', type: T.string, json: 'kind', omitEmpty: true }],
    };
    const secret: StructType = {
      name: 'v1.Secret',
      fields: [
        { name: 'TypeMeta', type: T.struct(typeMeta), embedded: true, json: '', inline: true },
        { name: 'ObjectMeta', type: T.struct(meta), json: 'metadata', omitEmpty: true },
        { name: 'Data', type: T.map(T.bytes), json: 'data', omitEmpty: true },
        { name: 'When', type: T.time },
        { name: 'hidden', type: T.string },
      ],
    };
    const value = new GoStruct(
      secret,
      new Map<string, GoBytes | GoStruct | GoTime | GoMap | string>([
        ['TypeMeta', new GoStruct(typeMeta, new Map([['Kind', 'Secret']]))],
        ['ObjectMeta', new GoStruct(meta, new Map([['Name', '']]))],
        ['Data', new GoMap(T.bytes, new Map())],
        ['When', new GoTime(1709660712500000000n, 7200, '')],
        ['hidden', 'x'],
      ]),
    );
    expect(call('toJson', value)).toBe('{"kind":"Secret","metadata":{},"When":"2024-03-05T19:45:12.5+02:00"}');
  });
});

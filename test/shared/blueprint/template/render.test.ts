/** The engine with Go's builtins only (no sprig); expectations recorded from Go 1.19.8. */
import { describe, expect, it } from 'vitest';
import { builtins, withBuiltins } from '../../../../shared/blueprint/template/builtins.js';
import { type FuncMap, type TemplateFunc, TemplateFuncError } from '../../../../shared/blueprint/template/funcs.js';
import { templateParamsFromJSON } from '../../../../shared/blueprint/template/params.js';
import { parseTemplate, renderTemplate, TemplateError } from '../../../../shared/blueprint/template/render.js';
import { GoBytes, GoMap, GoSlice, type GoValue, T, typeString } from '../../../../shared/blueprint/template/values.js';

const data = new GoMap(
  T.iface,
  new Map<string, GoValue>([
    ['s', new GoSlice(T.string, ['a', 'b', 'c'])],
    ['b', new GoBytes(new TextEncoder().encode('hey'))],
    ['n', null],
  ]),
);
const none: FuncMap = new Map<string, TemplateFunc>();

function run(template: string, funcs = none): string {
  try {
    return renderTemplate(template, data, funcs);
  } catch (e) {
    if (e instanceof TemplateError) return `${e.phase.toUpperCase()} ${e.goMessage}`;
    throw e;
  }
}

describe('builtins', () => {
  it.each([
    ['{{ slice "hello" 1 3 }}', 'el'],
    ['{{ slice .s 1 }}', '[b c]'],
    ['{{ slice .s }}', '[a b c]'],
    ['{{ slice .s 1 2 3 }}', '[b]'],
    ['{{ slice .b 1 2 }}', '[101]'],
    [
      '{{ slice "hello" 3 1 }}',
      'EXEC template: config:1:3: executing "config" at <slice "hello" 3 1>: error calling slice: invalid slice index: 3 > 1',
    ],
    [
      '{{ slice "hello" 1 2 3 }}',
      'EXEC template: config:1:3: executing "config" at <slice "hello" 1 2 3>: error calling slice: cannot 3-index slice a string',
    ],
    [
      '{{ slice 5 1 }}',
      'EXEC template: config:1:3: executing "config" at <slice 5 1>: error calling slice: can\'t slice item of type int',
    ],
    [
      '{{ slice .s 0 4 }}',
      'EXEC template: config:1:3: executing "config" at <slice .s 0 4>: error calling slice: index out of range: 4',
    ],
    [
      '{{ slice nil }}',
      'EXEC template: config:1:3: executing "config" at <slice nil>: error calling slice: slice of untyped nil',
    ],
    [
      '{{ slice .s 1 2 3 4 }}',
      'EXEC template: config:1:3: executing "config" at <slice .s 1 2 3 4>: error calling slice: too many slice indexes: 4',
    ],
    [
      '{{ slice .s 0 2 1 }}',
      'EXEC template: config:1:3: executing "config" at <slice .s 0 2 1>: error calling slice: invalid slice index: 2 > 1',
    ],
    [
      '{{ index .b 3 }}',
      'EXEC template: config:1:3: executing "config" at <index .b 3>: error calling index: reflect: slice index out of range',
    ],
    [
      '{{ index .s 3 }}',
      'EXEC template: config:1:3: executing "config" at <index .s 3>: error calling index: reflect: slice index out of range',
    ],
    ['{{ len .b }}', '3'],
    ['{{ range .b }}{{.}},{{end}}', '104,101,121,'],
    [
      '{{ range $i, $c := "ab" }}{{end}}',
      'EXEC template: config:1:19: executing "config" at <"ab">: range can\'t iterate over ab',
    ],
    ['{{ .n.x }}', 'EXEC template: config:1:5: executing "config" at <.n.x>: nil pointer evaluating interface {}.x'],
  ])('%s', (template, want) => {
    expect(run(template)).toBe(want);
  });
});

describe('function map', () => {
  const upper: TemplateFunc = { params: [T.string], result: T.string, call: ([s]) => (s as string).toUpperCase() };
  const failing: TemplateFunc = {
    params: [],
    result: T.string,
    call: () => {
      throw new TemplateFuncError('boom');
    },
  };
  const crashing: TemplateFunc = {
    params: [],
    result: T.string,
    call: () => {
      throw new TypeError('x is undefined');
    },
  };
  const funcs: FuncMap = new Map([
    ['upper', upper],
    ['failing', failing],
    ['crashing', crashing],
    ['len', upper],
  ]);

  it('checks function names at parse time', () => {
    expect(run('{{ nope 1 }}')).toBe('PARSE template: config:1: function "nope" not defined');
    expect(run('{{ upper "a" }}', funcs)).toBe('A');
  });

  it('lets template functions override builtins, as Go does', () => {
    expect(run('{{ len "ab" }}', funcs)).toBe('AB');
    expect(run('{{ len "ab" }}', withBuiltins(new Map()))).toBe('2');
    expect(withBuiltins(funcs).get('len')).toBe(upper);
  });

  it('converts arguments with Go rules', () => {
    expect(run('{{ upper 1 }}', funcs)).toBe(
      'EXEC template: config:1:9: executing "config" at <1>: expected string; found 1',
    );
    expect(run('{{ upper .s }}', funcs)).toBe(
      'EXEC template: config:1:9: executing "config" at <.s>: wrong type for value; expected string; got []string',
    );
    expect(run('{{ upper nil }}', funcs)).toBe(
      'EXEC template: config:1:9: executing "config" at <nil>: cannot assign nil to string',
    );
    expect(run('{{ .n | upper }}', funcs)).toBe(
      'EXEC template: config:1:8: executing "config" at <upper>: invalid value; expected string',
    );
    expect(run('{{ upper "a" "b" }}', funcs)).toBe(
      'EXEC template: config:1:3: executing "config" at <upper>: wrong number of args for upper: want 1 got 2',
    );
  });

  it('reports function errors and unexpected exceptions as "error calling"', () => {
    expect(run('{{ failing }}', funcs)).toBe(
      'EXEC template: config:1:3: executing "config" at <failing>: error calling failing: boom',
    );
    expect(run('{{ crashing }}', funcs)).toBe(
      'EXEC template: config:1:3: executing "config" at <crashing>: error calling crashing: x is undefined',
    );
  });

  it('passes Go types to callWithTypes (an interface argument keeps its dynamic type)', () => {
    const seen: string[] = [];
    const typeNames: TemplateFunc = {
      params: [],
      variadic: T.iface,
      result: T.string,
      call: () => 'call',
      callWithTypes: (_args, types) => {
        seen.push(...types.map((t) => (t === null ? 'nil' : typeString(t))));
        return 'typed';
      },
    };
    const obj = templateParamsFromJSON(
      '{"Object": {"n": 1, "f": 1.5, "z": null}, "Profile": {"Location": {"type": "s3"}}}',
    );
    const out = renderTemplate(
      '{{ types .Object.n .Object.f .Object.z 1 .Profile.Location.Type .Options }}',
      obj,
      new Map([['types', typeNames]]),
    );
    expect(out).toBe('typed');
    expect(seen).toEqual(['int64', 'float64', 'nil', 'int', 'v1alpha1.LocationType', 'map[string]string']);
  });

  it('exposes every Go builtin', () => {
    expect([...builtins.keys()].sort()).toEqual(
      [
        'and',
        'call',
        'eq',
        'ge',
        'gt',
        'html',
        'index',
        'js',
        'le',
        'len',
        'lt',
        'ne',
        'not',
        'or',
        'print',
        'printf',
        'println',
        'slice',
        'urlquery',
      ].sort(),
    );
  });
});

describe('TemplateError', () => {
  it('rewrites missing map keys as Kanister reports them and keeps Go text', () => {
    try {
      renderTemplate('{{ .x }}', new GoMap(T.string, new Map()), none);
      expect.unreachable();
    } catch (e) {
      const err = e as TemplateError;
      expect(err.phase).toBe('exec');
      expect(err.goMessage).toBe('template: config:1:3: executing "config" at <.x>: map has no entry for key "x"');
      expect(err.message).toBe('Failed to render template: "x" not found');
    }
  });

  it('reports parse errors with phase parse', () => {
    expect(() => renderTemplate('{{ if }}', data, none)).toThrow(
      expect.objectContaining({ phase: 'parse', goMessage: 'template: config:1: missing value for if' }),
    );
  });
});

describe('parse cache', () => {
  it('returns the same parsed template for the same text and function map', () => {
    expect(parseTemplate('{{ .s }}', none)).toBe(parseTemplate('{{ .s }}', none));
    expect(parseTemplate('{{ .s }}', none)).not.toBe(parseTemplate('{{ .s }}', new Map()));
  });

  it('renders many small templates quickly', () => {
    const start = performance.now();
    for (let i = 0; i < 2000; i++) renderTemplate(`{{ index .s ${i % 3} }}-${i % 50}`, data, none);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

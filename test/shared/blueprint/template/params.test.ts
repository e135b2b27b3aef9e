import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParamsError, templateParams, templateParamsFromJSON } from '../../../../shared/blueprint/template/params.js';
import { renderTemplate, TemplateError } from '../../../../shared/blueprint/template/render.js';
import { sprigFuncs } from '../../../../shared/blueprint/template/sprig/index.js';
import { type GoBytes, type GoMap, GoPointer, type GoStruct } from '../../../../shared/blueprint/template/values.js';

interface GoldenParams {
  params: string;
  template: string;
  output?: string;
  phase?: string;
  error?: string;
}

const file = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'golden-params.json');
const cases = JSON.parse(readFileSync(file, 'utf8')) as GoldenParams[];

function render(params: string, template: string): { output?: string; phase?: string; error?: string } {
  try {
    return { output: renderTemplate(template, templateParamsFromJSON(params), sprigFuncs) };
  } catch (e) {
    if (e instanceof ParamsError) return { phase: 'params', error: e.message };
    if (e instanceof TemplateError) return { phase: e.phase, error: e.goMessage };
    throw e;
  }
}

describe('params JSON decodes as encoding/json does (golden from Go)', () => {
  for (const c of cases) {
    it(`${c.params} ${c.template}`, () => {
      const want = c.output === undefined ? { phase: c.phase, error: c.error } : { output: c.output };
      expect(render(c.params, c.template)).toEqual(want);
    });
  }
});

describe('templateParams (TypeScript input)', () => {
  it('builds nil pointers and nil maps for absent fields', () => {
    const tp = templateParams({});
    expect(tp.fields.get('Deployment')).toBeInstanceOf(GoPointer);
    expect((tp.fields.get('Deployment') as GoPointer).target).toBeNull();
    expect((tp.fields.get('Options') as GoMap).entries).toBeNull();
    expect(tp.fields.get('Time')).toBe('');
  });

  it('decodes integral numbers in interface values as int64 and others as float64', () => {
    const tp = templateParams({ Object: { n: 2, f: 2.5 }, Phases: { p: { Output: { n: 3 } } } });
    const out = renderTemplate('{{ printf "%T %T %T" .Object.n .Object.f .Phases.p.Output.n }}', tp, sprigFuncs);
    expect(out).toBe('int64 float64 int64');
  });

  it('accepts raw bytes or base64 for []byte data and promotes ObjectMeta fields', () => {
    const tp = templateParams({
      Secrets: {
        s: { metadata: { name: 'n', namespace: 'ns' }, data: { a: 'cGFzcw==', b: new Uint8Array([104, 105]) } },
      },
    });
    const secret = (tp.fields.get('Secrets') as GoMap).entries?.get('s') as GoStruct;
    const data = (secret.fields.get('Data') as GoMap).entries as Map<string, GoBytes>;
    expect(data.get('b')?.bytes).toEqual(new Uint8Array([104, 105]));
    expect(renderTemplate('{{ .Secrets.s.Namespace }} {{ .Secrets.s.Data.a | toString }}', tp, sprigFuncs)).toBe(
      'ns pass',
    );
  });

  it('reports base64 errors as Go does', () => {
    expect(() => templateParams({ Secrets: { s: { data: { a: 'cGF%' } } } })).toThrow(
      new ParamsError('illegal base64 data at input byte 3'),
    );
  });

  it('treats the JSON null document as empty params', () => {
    expect(renderTemplate('{{ .Options }}', templateParamsFromJSON('null'), sprigFuncs)).toBe('map[]');
  });
});

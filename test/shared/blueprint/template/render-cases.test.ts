/** The shared Kanister render cases (/work/shared/kanister-render-cases.json, copied into golden/) for one string. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { templateParamsFromJSON } from '../../../../shared/blueprint/template/params.js';
import { renderTemplate, TemplateError } from '../../../../shared/blueprint/template/render.js';
import { sprigFuncs } from '../../../../shared/blueprint/template/sprig/index.js';

interface RenderCase {
  id: string;
  template: unknown;
  params: unknown;
  expected: unknown;
  error: boolean;
  errorMessage?: string;
}

const file = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'kanister-render-cases.json');
const cases = (JSON.parse(readFileSync(file, 'utf8')) as RenderCase[]).filter((c) => typeof c.template === 'string');

describe('Kanister render cases', () => {
  for (const c of cases) {
    it(c.id, () => {
      const params = templateParamsFromJSON(JSON.stringify(c.params));
      const run = () => renderTemplate(c.template as string, params, sprigFuncs);
      if (c.error) {
        expect(run).toThrow(TemplateError);
        try {
          run();
        } catch (e) {
          expect((e as TemplateError).message).toBe(c.errorMessage);
        }
      } else expect(run()).toBe(c.expected);
    });
  }
});

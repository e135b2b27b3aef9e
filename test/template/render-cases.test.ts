/**
 * Every shared Kanister render case (../shared/kanister-render-cases.json): the engine's result equals the case's
 * expected output (or it fails with the case's error text), the Go oracle reproduces the case too (which validates
 * the oracle), and engine and oracle agree. List/map templates are rendered string by string (map keys too), other
 * scalars passing through, as Kanister's param.render does.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOracle, GoOracle } from '../oracle/oracle.js';
import { renderWithEngine } from './setup/engine.js';
import { loadRenderCases, matchesCase, type RenderCase, renderTree, type TreeRender } from './setup/render-cases.js';

const cases = loadRenderCases();
let oracle: GoOracle;

// A fresh machine installs Go and sprig from Debian first (scripts/ensure-oracle.sh): allow for the download.
beforeAll(() => {
  ensureOracle();
  oracle = GoOracle.start();
}, 600_000);

afterAll(async () => {
  await oracle?.close();
});

function renderCaseWithOracle(c: RenderCase): Promise<TreeRender> {
  const paramsJson = JSON.stringify(c.params);
  return renderTree(c.template, async (text) => {
    const r = await oracle.render(text, paramsJson);
    return r.ok ? { ok: true, output: r.output } : { ok: false, message: r.error };
  });
}

function renderCaseWithEngine(c: RenderCase): Promise<TreeRender> {
  const paramsJson = JSON.stringify(c.params);
  return renderTree(c.template, async (text) => {
    const r = renderWithEngine(text, paramsJson);
    return r.ok ? { ok: true, output: r.output } : { ok: false, message: r.message };
  });
}

describe('shared Kanister render cases', () => {
  it('has the 66 cases the acceptance counts', () => {
    expect(cases).toHaveLength(66);
  });

  it('engine, Go oracle and each case agree', async () => {
    const failures: string[] = [];
    for (const c of cases) {
      const go = await renderCaseWithOracle(c);
      const ours = await renderCaseWithEngine(c);
      const problems = [
        matchesCase(c, go) ? '' : 'oracle differs from the case',
        matchesCase(c, ours) ? '' : 'engine differs from the case',
        isDeepStrictEqual(go, ours) ? '' : 'engine differs from the oracle',
      ].filter(Boolean);
      if (problems.length > 0) {
        failures.push(
          `${c.id}: ${problems.join('; ')}\n  Go:   ${JSON.stringify(go)}\n  ours: ${JSON.stringify(ours)}`,
        );
      }
    }
    console.log(`render cases: ${cases.length - failures.length}/${cases.length} equal the oracle`);
    expect(failures).toEqual([]);
  });
});

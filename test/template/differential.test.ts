/**
 * Differential test: random templates over the whole grammar with random TemplateParams, rendered by the engine and
 * by Go (test/oracle); each must agree (equal output, or both error). HOLDFAST_DIFF_RUNS (default 5000) and
 * HOLDFAST_DIFF_SEED (default fixed) steer it. On a mismatch fast-check shrinks to a minimal template and prints it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOracle, GoOracle } from '../oracle/oracle.js';
import { type GeneratedCase, generatedCaseArbitrary } from './generator.js';
import { type GoResult, judge, type Verdict } from './setup/compare.js';
import { nonDeterministicFuncs, renderWithEngine } from './setup/engine.js';
import { excludedFuncs, knownNonDeterministic } from './setup/function-table.js';

const runs = Number(process.env.HOLDFAST_DIFF_RUNS ?? 5000);
const seed = Number(process.env.HOLDFAST_DIFF_SEED ?? 20261121);
const batchSize = 250;

let oracle: GoOracle;

// A fresh machine installs Go and sprig from Debian first (scripts/ensure-oracle.sh): allow for the download.
beforeAll(() => {
  ensureOracle();
  oracle = GoOracle.start();
}, 600_000);

afterAll(async () => {
  await oracle?.close();
});

/** Renders one case alone; a Go fatal error (it kills the process) becomes a 'crash' result and a fresh oracle. */
async function renderAlone(c: GeneratedCase): Promise<GoResult> {
  try {
    return await oracle.render(c.template, c.paramsJson);
  } catch (err) {
    oracle = GoOracle.start();
    return { ok: false, phase: 'crash', error: String(err), goError: String(err) };
  }
}

async function renderAllWithGo(cases: readonly GeneratedCase[]): Promise<GoResult[]> {
  const out: GoResult[] = [];
  for (let i = 0; i < cases.length; i += batchSize) {
    const chunk = cases.slice(i, i + batchSize);
    try {
      out.push(...(await oracle.renderMany(chunk)));
    } catch {
      oracle = GoOracle.start();
      for (const c of chunk) out.push(await renderAlone(c));
    }
  }
  return out;
}

function describeCase(c: GeneratedCase, go: GoResult): string {
  const ours = renderWithEngine(c.template, c.paramsJson);
  return [
    `template: ${JSON.stringify(c.template)}`,
    `params:   ${c.paramsJson}`,
    `Go:       ${JSON.stringify(go)}`,
    `ours:     ${JSON.stringify(ours)}`,
  ].join('\n');
}

function tally(verdicts: readonly Verdict[], key: 'cause' | 'messageCause'): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of verdicts) {
    const k = v[key];
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** Shrinks the first mismatch with fast-check (one oracle round trip per candidate) and describes the result. */
async function shrinkMismatch(arb: fc.Arbitrary<GeneratedCase>): Promise<string> {
  const property = fc.asyncProperty(
    arb,
    async (c) => judge(await renderAlone(c), renderWithEngine(c.template, c.paramsJson)).agree,
  );
  const details = await fc.check(property, { seed, numRuns: runs, interruptAfterTimeLimit: 25_000 });
  const counterexample = details.counterexample?.[0];
  if (!counterexample) return '(fast-check found no failing case to shrink within its time limit)';
  return `minimal mismatch after ${details.numShrinks} shrinks:\n${describeCase(counterexample, await renderAlone(counterexample))}`;
}

describe('engine vs Go text/template + Kanister sprig (differential)', () => {
  it('renders random templates exactly as Go does', { timeout: 120_000 }, async () => {
    const exclude = new Set<string>([
      ...nonDeterministicFuncs,
      ...knownNonDeterministic,
      ...Object.keys(excludedFuncs),
    ]);
    const arb = generatedCaseArbitrary(exclude);
    const cases = fc.sample(arb, { seed, numRuns: runs });
    const goResults = await renderAllWithGo(cases);
    const verdicts = cases.map((c, i) => judge(goResults[i] as GoResult, renderWithEngine(c.template, c.paramsJson)));
    const agreeing = verdicts.filter((v) => v.agree).length;
    const goOk = goResults.filter((r) => r.ok).length;
    console.log(`differential: seed ${seed}; Go rendered ${goOk}, errored on ${runs - goOk}`);
    console.log(`differential: ${agreeing}/${runs} generated templates agree with the oracle`);

    const messageDiffs = tally(verdicts, 'messageCause');
    if (messageDiffs.length > 0) {
      const total = messageDiffs.reduce((n, [, k]) => n + k, 0);
      console.log(`differential: ${total} both-error cases differ in error text or phase, by shape:`);
      for (const [shape, n] of messageDiffs.slice(0, 15)) {
        const i = verdicts.findIndex((v) => v.messageCause === shape);
        const c = cases[i] as GeneratedCase;
        console.log(`  ${n} × ${shape}\n    e.g. ${JSON.stringify(c.template).slice(0, 400)}`);
      }
    }

    const causes = tally(verdicts, 'cause');
    if (causes.length > 0) {
      const lines = causes.map(([cause, n]) => {
        const i = verdicts.findIndex((v) => v.cause === cause);
        return `${n} × ${cause}\n${describeCase(cases[i] as GeneratedCase, goResults[i] as GoResult)}`;
      });
      console.log(`differential: mismatches by cause (one example each):\n${lines.join('\n\n')}`);
      console.log(await shrinkMismatch(arb));
    }
    expect(causes, 'engine and Go disagree; see the grouped mismatches above').toEqual([]);
  });
});

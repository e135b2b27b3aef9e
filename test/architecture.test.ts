import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

function sources(dir: string): string[] {
  const abs = join(repoRoot, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries
    .map((e) => join(abs, e))
    .filter((f) => f.endsWith('.ts') && statSync(f).isFile())
    .map((f) => relative(repoRoot, f));
}

const importsOf = (file: string) =>
  [...readFileSync(join(repoRoot, file), 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');

describe('architecture (STYLE.md rules of thumb)', () => {
  const pure = ['shared/blueprint', 'shared/policy', 'events'].flatMap(sources);

  it('keeps the pure core free of AWS SDK, client-node and middy imports', () => {
    const offenders = pure.flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(@aws-sdk\/|@kubernetes\/client-node|@middy\/)/.test(i))
        .map((i) => `${f}: ${i}`),
    );
    expect(pure.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it('never reads process.env in the pure core', () => {
    expect(pure.filter((f) => readFileSync(join(repoRoot, f), 'utf8').includes('process.env'))).toEqual([]);
  });

  it('keeps product code from importing test/ or local/ stand-ins', () => {
    const product = ['functions', 'shared', 'infra', 'cli', 'events'].flatMap(sources);
    const offenders = product.flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(\.\.?\/)+(test|local)\//.test(i) || i.includes('/test/') || i.includes('/local/'))
        .map((i) => `${f}: ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseAllDocuments } from 'yaml';
import { functionRegistry } from '../../../shared/functions/registry.js';
import { acceptedArgNames, requiredArgNames } from '../../../shared/functions/types.js';

// The team's corpus: Kanister's example blueprints and the blueprints extracted from the seed documents.
const CORPUS_DIRS = ['/work/shared/kanister-examples', '/work/shared/seed-blueprints'];

interface Phase {
  readonly file: string;
  readonly action: string;
  readonly name: string;
  readonly func: string;
  readonly argKeys: readonly string[];
}

function phasesOf(file: string): Phase[] {
  const phases: Phase[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const bp = doc.toJS() as { kind?: string; actions?: Record<string, { phases?: unknown[]; deferPhase?: unknown }> };
    if (bp?.kind !== 'Blueprint') continue;
    for (const [action, spec] of Object.entries(bp.actions ?? {})) {
      for (const phase of [...(spec.phases ?? []), ...(spec.deferPhase ? [spec.deferPhase] : [])]) {
        const p = phase as { name: string; func: string; args?: Record<string, unknown> };
        phases.push({ file, action, name: p.name, func: p.func, argKeys: Object.keys(p.args ?? {}) });
      }
    }
  }
  return phases;
}

const corpus = CORPUS_DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f)),
);
const phases = corpus.flatMap(phasesOf);

describe('the blueprint corpus', () => {
  it('is the corpus we expect (parsed with the yaml package)', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(29);
    expect(phases.length).toBeGreaterThan(100);
    // a sanity check that parsing reached the phases
    expect(isMap(parseAllDocuments('a: 1')[0]?.contents)).toBe(true);
    expect(isSeq(parseAllDocuments('- 1')[0]?.contents)).toBe(true);
  });

  it('uses only functions Holdfast runs or refuses with a reason', () => {
    const unknown = phases
      .filter((p) => !functionRegistry.get(p.func) && !functionRegistry.rejection(p.func))
      .map((p) => `${p.file} ${p.action}/${p.name}: ${p.func}`);
    expect(unknown).toEqual([]);
  });

  it('passes the arg-name checks (required present, nothing unknown) on every supported phase', () => {
    const problems: string[] = [];
    for (const p of phases) {
      const spec = functionRegistry.get(p.func);
      if (!spec) continue;
      const accepted = acceptedArgNames(spec);
      for (const key of p.argKeys) if (!accepted.includes(key)) problems.push(`${p.file} ${p.name}: unknown ${key}`);
      for (const key of requiredArgNames(spec)) {
        if (!p.argKeys.includes(key)) problems.push(`${p.file} ${p.name}: missing ${key}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('exercises most of the registry, and refuses the restic examples', () => {
    const used = new Set(phases.map((p) => p.func));
    expect(used).toContain('KubeTask');
    expect(used).toContain('WaitV2');
    expect(used).toContain('ExportRDSSnapshotToLocation');
    const refused = phases.filter((p) => functionRegistry.rejection(p.func)).map((p) => p.func);
    expect(new Set(refused)).toEqual(
      new Set([
        'BackupData',
        'BackupDataAll',
        'CopyVolumeData',
        'DeleteData',
        'DeleteDataAll',
        'LocationDelete',
        'RestoreData',
        'RestoreDataAll',
      ]),
    );
  });
});

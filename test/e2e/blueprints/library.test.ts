/**
 * The blueprint library as a whole: every file in `blueprints/` passes `holdfast validate --strict` with no error and
 * no warning, and documents itself in a header comment that names its actions and says how it was tested — by a
 * test that exists and loads it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, runCli } from '../../support/cli.js';

const dir = join(repoRoot, 'blueprints');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

/** The comment lines before the document starts, without their `#`. */
function header(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^# ?/, ''));
  }
  return lines;
}

/** The `Tested:` paragraph: its first line and the indented lines after it. */
function testedParagraph(lines: string[]): string {
  const start = lines.findIndex((line) => line.startsWith('Tested:'));
  if (start < 0) return '';
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith(' ') || line.trim() === '');
  return [lines[start], ...rest.slice(0, end < 0 ? rest.length : end)].join(' ').replace(/\s+/g, ' ');
}

describe('the blueprint library', () => {
  it('holds the blueprints the library promises', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'elasticsearch.yaml',
        'mariadb.yaml',
        'mongodb.yaml',
        'postgresql.yaml',
        'qdrant.yaml',
        'rds-aurora.yaml',
        'rds-postgres.yaml',
        'redis.yaml',
        'weaviate.yaml',
      ]),
    );
  });

  it('validates with holdfast validate --strict: no errors, no warnings', async () => {
    const run = await runCli('validate', '--strict', '--output', 'json', dir);
    const report = JSON.parse(run.stdout) as {
      valid: boolean;
      documents: { file: string; kind: string; name: string; valid: boolean }[];
      diagnostics: unknown[];
    };
    expect(report.diagnostics).toEqual([]);
    expect(report.valid).toBe(true);
    expect(run.code).toBe(0);
    expect(report.documents.map((d) => [d.file.slice(dir.length + 1), d.kind, d.valid])).toEqual(
      files.map((file) => [file, 'Blueprint', true]),
    );
  });

  describe.each(files)('%s', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const lines = header(text);
    const blueprint = parse(text) as { metadata: { name: string }; actions: Record<string, unknown> };

    it('is named after its file', () => {
      expect(`${blueprint.metadata.name}.yaml`).toBe(file);
    });

    it('has a header comment that names every action', () => {
      expect(lines.length).toBeGreaterThanOrEqual(10);
      const comment = lines.join('\n');
      for (const action of Object.keys(blueprint.actions)) expect(comment).toMatch(new RegExp(`\\b${action}\\b`));
    });

    it('says how it was tested, naming a test that exists and loads it', () => {
      const tested = testedParagraph(lines);
      expect(tested, 'a "Tested:" paragraph in the header').toMatch(/^Tested: /);
      expect(tested).toMatch(/end to end|local HTTP receiver only|stubs only/);
      const test = /test\/[\w/.-]+\.test\.ts/.exec(tested)?.[0] ?? '';
      expect(existsSync(join(repoRoot, test)), `${test} exists`).toBe(true);
      expect(readFileSync(join(repoRoot, test), 'utf8')).toContain(`blueprints/${file}`);
    });
  });
});

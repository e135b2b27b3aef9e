import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { functionRegistry } from '../../shared/functions/registry.js';
import { referenceDir, repoRoot, runCli, tempFiles } from '../support/cli.js';

const corpus = join(referenceDir, 'kanister-examples');

describe('holdfast validate', () => {
  it('accepts every corpus blueprint whose functions Holdfast supports and rejects each other with file:line and why', async () => {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.yaml'));
    const run = await runCli('validate', corpus, '--output', 'json');
    const report = JSON.parse(run.stdout) as {
      documents: { file: string; valid: boolean }[];
      diagnostics: { file: string; line: number; severity: string; message: string }[];
    };
    for (const file of files) {
      const doc = parse(readFileSync(join(corpus, file), 'utf8')) as {
        actions: Record<string, { phases?: { func: string }[]; deferPhase?: { func: string } }>;
      };
      const funcs = Object.values(doc.actions).flatMap((a) =>
        [...(a.phases ?? []), ...(a.deferPhase ? [a.deferPhase] : [])].map((p) => p.func),
      );
      const supported = funcs.every((f) => functionRegistry.get(f) !== undefined);
      const entry = report.documents.find((d) => d.file.endsWith(file));
      expect(entry?.valid, file).toBe(supported);
      const errors = report.diagnostics.filter((d) => d.file.endsWith(file) && d.severity === 'error');
      if (!supported) {
        expect(errors.length, file).toBeGreaterThan(0);
        for (const e of errors) {
          expect(e.line).toBeGreaterThan(0);
          expect(e.message).toMatch(/is not supported by Holdfast: .+/);
        }
      } else {
        expect(errors, file).toEqual([]);
      }
    }
    expect(run.code).toBe(2);
  });

  it("accepts the seeds' blueprints and ActionSet", async () => {
    const run = await runCli('validate', join(referenceDir, 'seed-blueprints'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const name of ['qdrant-hooks', 'mongo-hooks', 'rds-postgres-snapshot-bp', 'rds-backup']) {
      expect(run.stdout).toMatch(new RegExp(`^ok .* ${name}$`, 'm'));
    }
  });

  it('the bundled copies of the seed blueprints are the seeds, unchanged', () => {
    for (const f of [
      'qdrant-hooks.yaml',
      'mongo-hooks.yaml',
      'rds-postgres-snapshot-bp.yaml',
      'rds-backup-actionset.yaml',
    ]) {
      const ours = readFileSync(join(repoRoot, 'examples', 'seed-blueprints', f), 'utf8');
      expect(ours).toBe(readFileSync(join(referenceDir, 'seed-blueprints', f), 'utf8'));
    }
  });

  const header =
    'apiVersion: cr.kanister.io/v1alpha1\nkind: Blueprint\nmetadata: {name: bad}\nactions:\n  backup:\n    phases:\n';
  const cases: [string, string, RegExp][] = [
    [
      'broken YAML',
      'kind: Blueprint\nactions: [\n',
      /^broken-yaml\.yaml:\d+:\d+: error: YAML: .+ — fix the YAML syntax/,
    ],
    [
      'unknown function',
      `${header}    - func: KubeExecc\n      name: x\n      args: {}\n`,
      /^unknown-function\.yaml:7:13: error: actions\.backup\.phases\[0\]\.func: function KubeExecc is not registered — did you mean KubeExec\?/,
    ],
    [
      'missing arg',
      `${header}    - func: KubeExec\n      name: x\n      args: {namespace: n, command: [ls]}\n`,
      /^missing-arg\.yaml:9:\d+: error: actions\.backup\.phases\[0\]\.args: KubeExec requires arg "pod" — add args\.pod/,
    ],
    [
      'bad template',
      `${header}    - func: KubeExec\n      name: x\n      args: {namespace: "{{ .Options.a ", pod: p, command: [ls]}\n`,
      /^bad-template\.yaml:9:\d+: error: actions\.backup\.phases\[0\]\.args\.namespace: template does not parse: template: config:1: .+ — fix the template/,
    ],
  ];
  it.each(cases)('explains %s in one line naming the file, the path and what to do', async (name, text, expected) => {
    const file = `${name.replace(' ', '-').toLowerCase()}.yaml`;
    const dir = tempFiles({ [file]: text });
    const run = await runCli('validate', join(dir, file));
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.replace(`${dir}/`, '')).toMatch(expected);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says so in one line when a path does not exist', async () => {
    const run = await runCli('validate', '/nonexistent/bp.yaml');
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'holdfast: /nonexistent/bp.yaml: no such file or directory\n' });
  });
});

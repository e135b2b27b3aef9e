import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../shared/blueprint/diagnostics.js';
import { loadKanisterDocuments } from '../../../shared/blueprint/load.js';

const good = `apiVersion: cr.kanister.io/v1alpha1
kind: Blueprint
metadata:
  name: demo
actions:
  backup:
    phases:
    - func: KubeExec
      name: dump
      args:
        namespace: "{{ .Deployment.Namespace }}"
`;

describe('loadKanisterDocuments', () => {
  it('loads a blueprint and remembers where each value is', () => {
    const r = loadKanisterDocuments(good, 'bp.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.blueprints).toHaveLength(1);
    const bp = r.blueprints[0];
    expect(bp?.value.actions.backup?.phases?.[0]?.func).toBe('KubeExec');
    expect(bp?.source.locate(['actions', 'backup', 'phases', 0, 'args', 'namespace'])).toEqual({
      line: 11,
      column: 20,
    });
  });

  it('reports broken YAML with file:line:column and what to do', () => {
    const r = loadKanisterDocuments('kind: Blueprint\nactions:\n  backup: [unclosed\n', 'broken.yaml');
    expect(r.blueprints).toEqual([]);
    const text = r.diagnostics.map(formatDiagnostic).join('\n');
    expect(text).toMatch(/^broken\.yaml:\d+:\d+: error: YAML: /);
    expect(text).toContain('fix the YAML syntax');
  });

  it('points an unknown field at its key and suggests the right spelling', () => {
    const r = loadKanisterDocuments(
      good
        .replace('    phases:', '    phases:')
        .replace('  backup:\n', '  backup:\n    deferphase: {func: X, name: y}\n'),
      'typo.yaml',
    );
    const d = r.diagnostics[0];
    expect(d).toMatchObject({
      line: 7,
      column: 5,
      path: 'actions.backup.deferphase',
      message: 'unknown field "deferphase"',
    });
    expect(d?.hint).toBe('did you mean "deferPhase"?');
  });

  it('names a missing required field', () => {
    const r = loadKanisterDocuments(good.replace('    - func: KubeExec\n', '    - func_: KubeExec\n'), 'f.yaml');
    const messages = r.diagnostics.map((d) => `${d.path}: ${d.message}`);
    expect(messages).toContain('actions.backup.phases[0].func: required field is missing (string)');
  });

  it('loads ActionSets and refuses other kinds by name', () => {
    const as = `apiVersion: cr.kanister.io/v1alpha1
kind: ActionSet
metadata: {name: rds-backup}
spec:
  actions:
  - name: backup
    blueprint: bp
    object: {kind: ConfigMap, name: dbconfig, namespace: ns}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
`;
    const r = loadKanisterDocuments(as, 'many.yaml');
    expect(r.actionSets).toHaveLength(1);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'many.yaml:11:7: error: kind: unsupported kind "Pod" — expected a Blueprint or ActionSet (apiVersion cr.kanister.io/v1alpha1)',
    ]);
  });

  it('refuses an empty file', () => {
    expect(loadKanisterDocuments('', 'empty.yaml').diagnostics[0]?.message).toBe('file holds no YAML document');
  });
});

describe('loadKanisterDocuments type errors', () => {
  it('names the expected type when a field has the wrong one (not "missing")', () => {
    const r = loadKanisterDocuments(good.replace('    phases:\n', '    phases: 5\n    x_phases:\n'), 'wrong.yaml');
    const d = r.diagnostics.find((x) => x.path === 'actions.backup.phases');
    expect(d?.message).toMatch(/expected array, received number/);
  });
});

import { describe, expect, it } from 'vitest';
import { loadKanisterDocuments } from '../../../shared/blueprint/load.js';
import { type ValidationPorts, validateBlueprint } from '../../../shared/blueprint/validate.js';

const ports: ValidationPorts = {
  functionFacts: (name) =>
    name === 'KubeExec'
      ? { required: ['namespace', 'pod', 'command'], accepted: ['namespace', 'pod', 'container', 'command'] }
      : undefined,
  rejection: (name) =>
    name === 'BackupData' ? { reason: 'needs restic inside the pod', alternative: 'use StreamToLocation' } : undefined,
  functionNames: () => ['KubeExec', 'KubeTask'],
  templateParseError: (t) => (t.includes('{{ bad') ? 'template: config:1: function "bad" not defined' : undefined),
};

function check(actions: string, strict = false) {
  const text = `apiVersion: cr.kanister.io/v1alpha1\nkind: Blueprint\nmetadata: {name: t}\nactions:\n${actions}`;
  const loaded = loadKanisterDocuments(text, 'bp.yaml');
  expect(loaded.diagnostics).toEqual([]);
  const bp = loaded.blueprints[0];
  if (!bp) throw new Error('no blueprint');
  return validateBlueprint(bp, ports, { strict }).map(
    (d) => `${d.severity} ${d.line} ${d.path}: ${d.message} | ${d.hint}`,
  );
}

const phase = (name: string, args = 'namespace: n\n        pod: p\n        command: [a]') =>
  `    - func: KubeExec\n      name: ${name}\n      args:\n        ${args}\n`;

describe('validateBlueprint', () => {
  it('accepts a blueprint that follows the rules', () => {
    expect(check(`  backup:\n    phases:\n${phase('one')}`)).toEqual([]);
  });

  it('refuses an unregistered function and suggests the right name', () => {
    expect(check('  backup:\n    phases:\n    - func: KubeTsk\n      name: x\n')).toEqual([
      'error 7 actions.backup.phases[0].func: function KubeTsk is not registered | did you mean KubeTask? (names are case-sensitive)',
    ]);
  });

  it('refuses restic/kopia functions naming the native alternative', () => {
    expect(check('  backup:\n    phases:\n    - func: BackupData\n      name: x\n')).toEqual([
      'error 7 actions.backup.phases[0].func: function BackupData is not supported by Holdfast: needs restic inside the pod | use StreamToLocation',
    ]);
  });

  it('checks required and unknown args on the unrendered keys', () => {
    expect(
      check(`  backup:\n    phases:\n${phase('one', 'namespace: n\n        podd: p\n        command: [a]')}`),
    ).toEqual([
      'error 10 actions.backup.phases[0].args: KubeExec requires arg "pod" | add args.pod to phase "one"',
      'error 11 actions.backup.phases[0].args.podd: KubeExec does not accept arg "podd" | did you mean "pod"?',
    ]);
  });

  it('reports a template that does not parse where it is', () => {
    const out = check(
      `  backup:\n    phases:\n${phase('one', 'namespace: "{{ bad }}"\n        pod: p\n        command: [a]')}`,
    );
    expect(out).toEqual([
      'error 10 actions.backup.phases[0].args.namespace: template does not parse: template: config:1: function "bad" not defined | fix the template; see `holdfast template --help` to try one',
    ]);
  });

  it('refuses a phase name used twice in one action', () => {
    const out = check(`  backup:\n    phases:\n${phase('one')}${phase('one')}`);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^error 14 actions\.backup\.phases\[1\]\.name: duplicated phase name "one"/);
  });

  it("warns on a name reused in another action, and refuses it with strict (Kanister's webhook)", () => {
    const actions = `  backup:\n    phases:\n${phase('one')}  restore:\n    phases:\n${phase('one')}`;
    expect(check(actions)[0]).toMatch(/^warning .* duplicated phase name "one" \(also in action backup/);
    expect(check(actions, true)[0]).toMatch(/^error /);
  });

  it('counts the deferPhase among the phase names', () => {
    const out = check(
      `  backup:\n    phases:\n${phase('one')}    deferPhase:\n      func: KubeExec\n      name: one\n      args: {namespace: n, pod: p, command: [a]}\n`,
    );
    expect(out[0]).toMatch(/^error .*deferPhase\.name: duplicated phase name "one"/);
  });
});

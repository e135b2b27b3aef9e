/**
 * The tables the docs restate from code (scripts/gen-compat-table.ts) are current: the README's Kanister
 * compatibility table lists every Kanister function the registry knows with its real status, the function reference
 * every registered function with its schema's args, the security page every handler's permissions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlers } from '../../infra/handlers.js';
import {
  applyBlocks,
  compatRows,
  GeneratedBlockError,
  generateBlock,
  staleFiles,
} from '../../scripts/gen-compat-table.js';
import { FUNCTION_SPECS } from '../../shared/functions/registry.js';
import { REJECTED_FUNCTIONS } from '../../shared/functions/rejected.js';
import { repoRoot } from '../support/cli.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

describe('generated docs tables', () => {
  it('are up to date (run npx tsx scripts/gen-compat-table.ts after changing a function or handler)', () => {
    expect(staleFiles()).toEqual([]);
  });

  it('the README lists every Kanister function once, with its status', () => {
    const kanister = [
      ...FUNCTION_SPECS.filter((s) => s.origin === 'kanister').map((s) => s.name),
      ...REJECTED_FUNCTIONS.map((r) => r.name),
    ];
    for (const name of kanister) {
      const rows = readme.split('\n').filter((l) => l.startsWith(`| \`${name}\` |`));
      expect(rows, name).toHaveLength(1);
    }
    expect(readme).toMatch(/\| `KubeExec` \| ✅ supported \|/);
    expect(readme).toMatch(/\| `BackupData` \| ↪️ native alternative \| Instead: `StreamToLocation`/);
    expect(readme).toMatch(/\| `DeleteData` \| ⛔ rejected \|/);
  });

  it('a refused function whose alternative names a Holdfast function is a native alternative', () => {
    const byName = new Map(compatRows().map((r) => [r.name, r.status]));
    expect(byName.get('KubeTaskParallel')).toBe('native alternative');
    expect(byName.get('CheckRepository')).toBe('rejected');
    expect(byName.get('CreateRDSSnapshot')).toBe('supported');
    expect(byName.has('StreamToLocation')).toBe(false);
  });

  it('the function reference marks required args and lists outputs', () => {
    const ref = generateBlock('function-reference');
    expect(ref).toContain('| `CreateRDSSnapshot` | kanister |');
    expect(ref).toMatch(/\*\*`instanceID`\*\*, `dbEngine`/);
    expect(ref).toContain('`snapshotID`, `instanceID`, `securityGroupID`');
  });

  it('the permissions table has every handler', () => {
    const table = generateBlock('handler-permissions');
    for (const h of handlers) expect(table).toContain(`| \`${h.name}\` |`);
  });

  it('regenerating replaces only the text between the markers', () => {
    const text =
      'before\n<!-- BEGIN GENERATED handler-permissions: x -->\nold\n<!-- END GENERATED handler-permissions -->\nafter\n';
    const out = applyBlocks(text, ['handler-permissions']);
    expect(out.startsWith('before\n<!-- BEGIN GENERATED handler-permissions: x -->\n| Function |')).toBe(true);
    expect(out.endsWith('\n<!-- END GENERATED handler-permissions -->\nafter\n')).toBe(true);
    expect(out).not.toContain('old');
  });

  it('a file without the markers is an error, not silently skipped', () => {
    expect(() => applyBlocks('no markers', ['compat-table'], 'README.md')).toThrow(GeneratedBlockError);
  });
});

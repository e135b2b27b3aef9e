import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validationPorts } from '../../../shared/engine/validation-ports.js';
import { blueprintSource, ConfigSource, policySource } from '../../../shared/runtime/config-sources.js';
import { directoryYamlFiles } from '../../../shared/runtime/yaml-files.js';
import { repoRoot, tempFiles } from '../../support/cli.js';

function source(extra: Record<string, string> = {}) {
  const errors: string[] = [];
  const log = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (_m: string, f?: Record<string, unknown>) => void errors.push(String(f?.finding)),
  };
  const dirs = [join(repoRoot, 'policies'), join(repoRoot, 'examples', 'seed-blueprints')];
  if (Object.keys(extra).length > 0) dirs.push(tempFiles(extra));
  const now = 0;
  const config = new ConfigSource(directoryYamlFiles(dirs), validationPorts(), log, 1000, () => now);
  return { config, errors };
}

describe('ConfigSource', () => {
  it('serves the deployed policies and blueprints, validated', async () => {
    const { config, errors } = source();
    expect((await policySource(config).list()).map((p) => p.metadata.name).sort()).toEqual(['animalai', 'pacman']);
    expect((await blueprintSource(config).get('mongo-hooks')).actions.backupPrehook).toBeDefined();
    expect(errors).toEqual([]);
  });

  it('skips a file that does not validate, logs why, and serves the rest', async () => {
    const { config, errors } = source({
      'broken.yaml':
        'apiVersion: cr.kanister.io/v1alpha1\nkind: Blueprint\nmetadata: {name: broken}\nactions:\n  backup:\n    phases: [{func: NoSuchFunc, name: x}]\n',
    });
    await expect(blueprintSource(config).get('broken')).rejects.toThrow(
      'blueprint broken is not deployed (or did not validate; see the logs)',
    );
    expect(errors.some((e) => e.includes('function NoSuchFunc is not registered'))).toBe(true);
    expect(await policySource(config).get('pacman')).toBeDefined();
  });
});

/**
 * The deployment config: the example is valid, and a wrong config is refused before anything is built, with the
 * file, the field path and what to write instead.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HoldfastConfigInput } from '../../infra/config.js';
import { ConfigError } from '../../infra/errors.js';
import { loadConfig, parseConfig, resolveConfigPath } from '../../infra/load-config.js';
import { exampleConfigInput, projectRoot } from './support/synth.js';

function problemsOf(change: (c: HoldfastConfigInput) => void): string[] {
  const input = exampleConfigInput();
  change(input);
  try {
    parseConfig(input, 'holdfast.config.ts');
  } catch (error) {
    if (error instanceof ConfigError)
      return error.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim());
    throw error;
  }
  return [];
}

describe('the example config', () => {
  it('is valid and fills in the defaults', () => {
    const config = parseConfig(exampleConfigInput(), 'holdfast.config.example.ts');
    expect(config.clusters[0]?.access).toBe('access-entry');
    expect(config.locations).toEqual([{ name: 'default', prefix: 'holdfast/' }]);
    expect(config.destinations[0]?.replicateArtifacts).toBe(true);
  });

  it('is what a fresh clone synthesizes when there is no holdfast.config.ts', () => {
    const empty = mkdtempSync(join(tmpdir(), 'holdfast-root-'));
    try {
      expect(resolveConfigPath(empty)).toBe(join(empty, 'holdfast.config.example.ts'));
      expect(resolveConfigPath(empty, 'mine.json')).toBe(join(empty, 'mine.json'));
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});

describe('actionable messages', () => {
  it('a cluster without namespaces says access is granted per namespace', () => {
    expect(
      problemsOf((c) => (c.clusters[0] = { ...c.clusters[0], name: 'demo-eks', region: 'us-west-2', namespaces: [] })),
    ).toEqual([
      'holdfast.config.ts: clusters[0].namespaces: list the namespaces Holdfast may work in: cluster access is granted per namespace',
    ]);
  });

  it('a misspelt field is named', () => {
    const [problem] = problemsOf((c) => Object.assign(c, { regoin: 'us-west-2' }));
    expect(problem).toBe('holdfast.config.ts: unknown field(s) "regoin" — remove or rename it');
  });

  it('a copy key in the wrong region says which region it must be in', () => {
    const problems = problemsOf((c) => {
      c.destinations = [{ region: 'eu-west-1', kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc' }];
    });
    expect(problems).toEqual([
      'holdfast.config.ts: destinations[0].kmsKeyArn: the key is in us-east-1, not eu-west-1 — KMS keys are regional: use a key in eu-west-1',
    ]);
  });

  it('a private cluster without a network says what to add', () => {
    const problems = problemsOf((c) => {
      const [cluster] = c.clusters;
      if (cluster) cluster.endpoint = 'private';
    });
    expect(problems[0]).toMatch(
      /clusters\[0\]\.endpoint: cluster "demo-eks" has a private endpoint but the config has no network — add network/,
    );
  });

  it('a log retention CloudWatch does not offer lists the ones it does', () => {
    const [problem] = problemsOf((c) => {
      c.logRetentionDays = 42;
    });
    expect(problem).toMatch(/logRetentionDays: must be one of CloudWatch's retention periods: 1, 3, 5, 7, 14, 30/);
  });

  it('a destination in the deployment region is refused', () => {
    const problems = problemsOf((c) => {
      c.destinations = [{ region: 'us-west-2' }];
    });
    expect(problems).toEqual([
      'holdfast.config.ts: destinations[0].region: destination us-west-2 is the deployment region — destinations are other regions that receive copies; remove this one',
    ]);
  });
});

describe('loading', () => {
  it('reads a JSON config and reports a missing file with the way out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-config-'));
    try {
      writeFileSync(join(dir, 'c.json'), JSON.stringify(exampleConfigInput()));
      const loaded = await loadConfig(dir, 'c.json');
      expect(loaded.config.region).toBe('us-west-2');
      await expect(loadConfig(dir, 'missing.ts')).rejects.toThrow(
        /missing\.ts: file not found — copy holdfast\.config\.example\.ts/,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('loads the example TypeScript config from the repository', async () => {
    const loaded = await loadConfig(projectRoot, 'holdfast.config.example.ts');
    expect(loaded.isExample).toBe(true);
    expect(loaded.config.clusters.map((c) => c.name)).toEqual(['demo-eks']);
  });
});

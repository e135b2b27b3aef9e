/**
 * The README's main job: `npm run demo` (scripts/demo.sh) backs up the AnimalAI app in the sandbox, deletes its
 * data, restores it and verifies every row — and says so in its last line, leaving nothing running.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { processesUnder } from '../support/local-mode.js';

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['scripts/demo.sh'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  it('restores every row from a policy backup and leaves nothing running', async () => {
    const run = await runDemo();
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      /^RESULT: verified restore of (\d+) animals and \1 embeddings from restore point \S+#animalai-\d{12}-[0-9a-f]{16}$/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/quiesce window .+ with the writer paused/);
    expect(run.stdout).toContain('backupPrehook/pauseWriter (KubeExec)');
    expect(run.stdout).toContain('backup/dump (StreamToLocation)');
    expect(run.stdout).toMatch(/RDS snapshot of animalai-records accepted at/);
    expect(run.stdout).not.toMatch(/error|warn|fail/i);
    expect(run.stderr).not.toMatch(/error|warn|fail/i);
    expect(processesUnder(['holdfast-demo-'])).toEqual([]);
  }, 300_000);
});

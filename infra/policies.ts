/**
 * Reads the policies the stack deploys (`<policiesDir>/*.yaml`) with the policy loader, so a policy that
 * `holdfast validate` rejects also stops `cdk synth`, with the same `file:line:column` messages. A missing folder
 * means no policies: the stack still deploys, with on-demand runs only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Sourced } from '../shared/blueprint/load.js';
import { loadPolicies } from '../shared/policy/load.js';
import type { Policy } from '../shared/policy/schema.js';
import { type InfraProblem, PolicyConfigError } from './errors.js';

export function loadPolicyDir(root: string, dir: string): Sourced<Policy>[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const files = readdirSync(abs)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const policies: Sourced<Policy>[] = [];
  const problems: InfraProblem[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const shown = relative(root, join(abs, f));
    const result = loadPolicies(readFileSync(join(abs, f), 'utf8'), shown);
    for (const d of result.diagnostics.filter((x) => x.severity === 'error')) {
      problems.push({
        file: d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file,
        path: d.path,
        message: d.message,
        ...(d.hint ? { hint: d.hint } : {}),
      });
    }
    for (const p of result.policies) {
      const name = p.value.metadata.name;
      const other = seen.get(name);
      if (other) {
        problems.push({
          file: shown,
          path: 'metadata.name',
          message: `policy "${name}" is also defined in ${other}`,
          hint: 'give each policy its own name',
        });
      }
      seen.set(name, shown);
      policies.push(p);
    }
  }
  if (problems.length > 0) throw new PolicyConfigError(problems);
  return policies;
}

/**
 * `holdfast policies lint <file|dir>...`: every Policy checked as the stack and the runs read it (schema, schedule
 * and event-pattern grammar, cross-field rules), each finding as `file:line:column: severity: message — hint`; and
 * the blueprints a policy names looked up in `--config` (default `blueprints/`), so a typo is caught before a run.
 */
import {
  type Diagnostic,
  formatDiagnostic,
  formatPath,
  hasErrors,
  type PathSegment,
} from '../../shared/blueprint/diagnostics.js';
import { loadKanisterDocuments, type Sourced } from '../../shared/blueprint/load.js';
import { loadPolicies } from '../../shared/policy/load.js';
import type { Policy } from '../../shared/policy/schema.js';
import { ExitCode } from '../errors.js';
import { expandYamlPaths, readText } from '../files.js';
import { type Io, type OutputFormat, printJson } from '../output.js';

export interface PoliciesLintOptions {
  readonly config: string[];
  readonly output: OutputFormat;
}

const IS_POLICY = /^\s*kind:\s*Policy\s*$/m;

async function blueprintNames(paths: readonly string[]): Promise<Set<string> | undefined> {
  if (paths.length === 0) return undefined;
  const names = new Set<string>();
  for (const file of await expandYamlPaths(paths)) {
    for (const bp of loadKanisterDocuments(await readText(file), file).blueprints) names.add(bp.value.metadata.name);
  }
  return names;
}

/** Blueprints the policy names that the configuration lacks: warnings, since a cluster may hold them. */
function missingBlueprints(policy: Sourced<Policy>, known: Set<string>): Diagnostic[] {
  const spec = policy.value.spec;
  const named: [PathSegment[], string | undefined][] = [
    [['spec', 'hooks', 'blueprint'], spec.hooks?.blueprint],
    [['spec', 'capture', 'blueprintBackup', 'blueprint'], spec.capture.blueprintBackup?.blueprint],
    ...(spec.subjects.workloads?.blueprints ?? []).map((b, i): [PathSegment[], string] => [
      ['spec', 'subjects', 'workloads', 'blueprints', i],
      b,
    ]),
  ];
  return named
    .filter(([, name]) => name !== undefined && !known.has(name))
    .map(([path, name]) => ({
      severity: 'warning' as const,
      file: policy.source.file,
      ...policy.source.locate(path),
      path: formatPath(path),
      message: `blueprint "${name}" is not in the configuration`,
      hint: 'add its YAML to blueprints/ (or pass --config DIR), or check the name',
    }));
}

export async function policiesLintCommand(
  paths: readonly string[],
  opts: PoliciesLintOptions,
  io: Io,
): Promise<ExitCode> {
  const known = await blueprintNames(opts.config);
  const diagnostics: Diagnostic[] = [];
  const policies: { file: string; name: string; line: number }[] = [];
  const skipped: string[] = [];
  for (const file of await expandYamlPaths(paths)) {
    const text = await readText(file);
    if (!IS_POLICY.test(text)) {
      skipped.push(file);
      continue;
    }
    const loaded = loadPolicies(text, file);
    diagnostics.push(...loaded.diagnostics);
    for (const p of loaded.policies) {
      const line = p.source.locate([]).line;
      policies.push({ file, name: p.value.metadata.name, line });
      if (known) diagnostics.push(...missingBlueprints(p, known));
    }
  }
  const valid = !hasErrors(diagnostics);
  if (opts.output === 'json') {
    printJson(io, { valid, policies, skipped, diagnostics });
  } else {
    for (const d of diagnostics) io.stdout(`${formatDiagnostic(d)}\n`);
    const bad = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
    for (const p of policies)
      io.stdout(`${bad.has(p.file) ? 'INVALID' : 'ok     '} ${p.file}:${p.line} Policy ${p.name}\n`);
    io.stdout(`${policies.length} ${policies.length === 1 ? 'policy' : 'policies'}, ${bad.size} invalid file(s)\n`);
  }
  return valid ? ExitCode.ok : ExitCode.invalidInput;
}

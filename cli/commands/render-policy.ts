/**
 * `holdfast render --policy FILE [--subject ID] [--object FILE]...`: the dry-run of a whole policy backup of one
 * subject — each stage, each blueprint phase with its rendered args (Secret values masked), and every AWS and
 * Kubernetes call the run would make. Reads only the files it is given; contacts no endpoint.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { formatDiagnostic, hasErrors } from '../../shared/blueprint/diagnostics.js';
import { loadKanisterDocuments } from '../../shared/blueprint/load.js';
import { Redactor } from '../../shared/blueprint/redact.js';
import type { Blueprint } from '../../shared/blueprint/schema.js';
import { validateBlueprint } from '../../shared/blueprint/validate.js';
import { validationPorts } from '../../shared/engine/validation-ports.js';
import { loadPolicies } from '../../shared/policy/load.js';
import { configPaths } from '../config-files.js';
import { CliError, ExitCode } from '../errors.js';
import { expandYamlPaths, readText } from '../files.js';
import { fileResolver, readAliased } from '../inputs.js';
import { type Io, type OutputFormat, printJson } from '../output.js';
import { formatCall } from '../plan/calls.js';
import { PlanError, type PolicyPlan, planPolicyBackup } from '../plan/policy-plan.js';

export interface RenderPolicyOptions {
  readonly policy: string;
  readonly subject?: string;
  readonly object: string[];
  readonly secret: string[];
  readonly configmap: string[];
  readonly config: string[];
  readonly time?: string;
  readonly output: OutputFormat;
}

type Manifest = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

async function readObjects(files: readonly string[]): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(await readText(file))) {
      const o = doc.toJS() as Manifest | null;
      if (!o || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') {
        throw new CliError(`${file}: expected Kubernetes objects with kind and metadata.name`);
      }
      out.push(o);
    }
  }
  return out;
}

/** Blueprints of the configuration that validate; the others are reported and left out. */
async function readBlueprints(paths: readonly string[], io: Io): Promise<Map<string, Blueprint>> {
  const out = new Map<string, Blueprint>();
  for (const file of await expandYamlPaths(paths)) {
    const text = await readText(file);
    if (/^\s*kind:\s*Policy\s*$/m.test(text)) continue;
    const loaded = loadKanisterDocuments(text, file);
    for (const bp of loaded.blueprints) {
      const found = validateBlueprint(bp, validationPorts());
      if (hasErrors(found)) for (const d of found) io.stderr(`${formatDiagnostic(d)}\n`);
      else out.set(bp.value.metadata.name, bp.value);
    }
  }
  return out;
}

export async function renderPolicyCommand(opts: RenderPolicyOptions, io: Io): Promise<ExitCode> {
  const loaded = loadPolicies(await readText(opts.policy), opts.policy);
  for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const policy = loaded.policies[0]?.value;
  if (hasErrors(loaded.diagnostics) || !policy) return ExitCode.invalidInput;
  const blueprints = await readBlueprints(configPaths(opts.config), io);
  const secrets = await readAliased(opts.secret, '--secret', 'Secret');
  const configMaps = await readAliased(opts.configmap, '--configmap', 'ConfigMap');
  const redactor = new Redactor();
  for (const s of Object.values(secrets)) {
    for (const v of Object.values(s.data ?? {})) redactor.add(Buffer.from(v, 'base64').toString('utf8'));
    for (const v of Object.values(s.stringData ?? {})) redactor.add(v);
  }
  const plan = await planPolicyBackup({
    policy,
    objects: await readObjects(opts.object),
    subject: opts.subject,
    blueprints: (name) => blueprints.get(name),
    resolver: fileResolver(Object.values(secrets), Object.values(configMaps)),
    redactor,
    time: opts.time ?? new Date().toISOString(),
  }).catch((err: unknown) => {
    if (err instanceof PlanError) throw new CliError(err.message);
    throw err;
  });
  if (opts.output === 'json') printJson(io, { dryRun: true, ...plan });
  else printPlan(io, plan);
  return plan.ok ? ExitCode.ok : ExitCode.failed;
}

function indent(text: string, by: string): string {
  return text.replace(/^(?=.)/gm, by);
}

function printPlan(io: Io, plan: PolicyPlan): void {
  io.stdout(`# dry-run of policy ${plan.policy} for ${plan.subject}: nothing was executed or contacted\n`);
  io.stdout(`run ${plan.runId}\n`);
  for (const n of plan.notes) io.stdout(`note: ${n}\n`);
  if (plan.otherSubjects.length > 0)
    io.stdout(`also selected, each in a run of its own: ${plan.otherSubjects.join(', ')}\n`);
  for (const [i, stage] of plan.stages.entries()) {
    io.stdout(`\n${i + 1} ${stage.stage}${stage.note ? ` (${stage.note})` : ''}\n`);
    for (const c of stage.calls) io.stdout(`    ${formatCall(c)}\n`);
    for (const a of stage.actions) {
      io.stdout(`  ${a.blueprint}/${a.action}\n`);
      for (const [n, p] of a.phases.entries()) {
        io.stdout(`    ${p.deferred ? 'deferPhase' : `phase ${n + 1}`}: ${p.name} (${p.func}) — ${p.state}\n`);
        if (p.args) io.stdout(indent(stringify({ args: p.args }, { lineWidth: 0 }), '      '));
        for (const c of p.calls) io.stdout(`      ${formatCall(c)}\n`);
        if (p.error) io.stdout(`      error: ${p.error}\n`);
      }
      if (a.error) io.stderr(`render failed: ${a.blueprint}/${a.action}: ${a.error}\n`);
    }
  }
}

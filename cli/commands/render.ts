/**
 * `holdfast render`: a dry-run of one blueprint action against an object — or, with `--policy`, of a whole policy
 * backup (render-policy.ts). Every phase's args are rendered exactly as a run would render them (Secret values
 * masked), later phases see `<phase.key>` placeholders for earlier outputs, each phase lists the API calls it would
 * make, and nothing is executed or contacted.
 */
import { stringify } from 'yaml';
import { formatDiagnostic, hasErrors } from '../../shared/blueprint/diagnostics.js';
import { InProcessRunContext } from '../../shared/blueprint/in-process-context.js';
import { type ActionResult, runAction, UnknownActionError } from '../../shared/blueprint/interpreter.js';
import { loadKanisterDocuments } from '../../shared/blueprint/load.js';
import { objectParams } from '../../shared/blueprint/object-params.js';
import { Redactor } from '../../shared/blueprint/redact.js';
import { validateBlueprint } from '../../shared/blueprint/validate.js';
import { functionLookup } from '../../shared/engine/function-lookup.js';
import { createRenderer } from '../../shared/engine/renderer.js';
import { validationPorts } from '../../shared/engine/validation-ports.js';
import { CliError, ExitCode } from '../errors.js';
import { readText } from '../files.js';
import { fileResolver, parseArtifacts, parsePairs, readAliased, readManifest } from '../inputs.js';
import { silentLogger } from '../logger.js';
import { type Io, type OutputFormat, printJson } from '../output.js';
import { describeCalls, formatCall } from '../plan/calls.js';
import { renderPolicyCommand } from './render-policy.js';

export interface RenderOptions {
  readonly blueprint?: string;
  readonly action?: string;
  readonly object: string[];
  readonly option: string[];
  readonly secret: string[];
  readonly configmap: string[];
  readonly artifact: string[];
  readonly time?: string;
  readonly policy?: string;
  readonly subject?: string;
  readonly config: string[];
  readonly output: OutputFormat;
}

export async function renderCommand(opts: RenderOptions, io: Io): Promise<ExitCode> {
  if (opts.policy !== undefined) {
    if (opts.blueprint || opts.action)
      throw new CliError('render either --policy, or --blueprint with --action: not both');
    return renderPolicyCommand({ ...opts, policy: opts.policy }, io);
  }
  if (!opts.blueprint || !opts.action || opts.object.length !== 1) {
    throw new CliError(
      'render --blueprint FILE --action NAME --object FILE (one object), or render --policy FILE [--subject ID] [--object FILE]...',
    );
  }
  return renderActionCommand(
    { ...opts, blueprint: opts.blueprint, action: opts.action, object: opts.object[0] as string },
    io,
  );
}

async function renderActionCommand(
  opts: Omit<RenderOptions, 'object'> & { blueprint: string; action: string; object: string },
  io: Io,
): Promise<ExitCode> {
  const loaded = loadKanisterDocuments(await readText(opts.blueprint), opts.blueprint);
  const bp = loaded.blueprints[0];
  if (!bp || loaded.blueprints.length > 1) {
    for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    throw new CliError(`${opts.blueprint}: expected exactly one valid Blueprint (run holdfast validate on it)`);
  }
  const problems = [...loaded.diagnostics, ...validateBlueprint(bp, validationPorts())];
  for (const d of problems) io.stderr(`${formatDiagnostic(d)}\n`);
  if (hasErrors(problems)) return ExitCode.invalidInput;

  const object = await readManifest(opts.object);
  const secrets = await readAliased(opts.secret, '--secret', 'Secret');
  const configMaps = await readAliased(opts.configmap, '--configmap', 'ConfigMap');
  const redactor = new Redactor();
  for (const s of Object.values(secrets)) {
    for (const v of Object.values(s.data ?? {})) redactor.add(Buffer.from(v, 'base64').toString('utf8'));
    for (const v of Object.values(s.stringData ?? {})) redactor.add(v);
  }
  const result = await runAction({
    blueprint: bp.value,
    action: opts.action,
    params: {
      ...objectParams(object),
      Options: parsePairs(opts.option, '--option'),
      Secrets: secrets,
      ConfigMaps: configMaps,
      ArtifactsIn: parseArtifacts(opts.artifact),
      Time: opts.time ?? new Date().toISOString(),
    },
    functions: functionLookup(),
    renderer: createRenderer(),
    resolver: fileResolver(Object.values(secrets), Object.values(configMaps)),
    run: new InProcessRunContext({ log: silentLogger }),
    redactor,
    dryRun: true,
  }).catch((err: unknown) => {
    if (err instanceof UnknownActionError) throw new CliError(err.message);
    throw err;
  });
  const phases = result.phases.map((p) => ({ ...p, calls: p.args ? describeCalls(p.func, p.args) : [] }));
  if (opts.output === 'json') {
    printJson(io, { blueprint: bp.value.metadata.name, action: opts.action, ...result, phases });
  } else printPlan(io, bp.value.metadata.name, opts.action, result);
  return result.status === 'succeeded' ? ExitCode.ok : ExitCode.failed;
}

function printPlan(io: Io, blueprint: string, action: string, result: ActionResult): void {
  io.stdout(`# dry-run of ${blueprint}/${action}: nothing was executed\n`);
  for (const [i, p] of result.phases.entries()) {
    const label = p.deferred ? 'deferPhase' : `phase ${i + 1}`;
    const state = p.state === 'succeeded' ? 'planned' : p.state;
    io.stdout(`\n${label}: ${p.name} (${p.func}) — ${state}\n`);
    if (p.args) io.stdout(indent(stringify({ args: p.args }, { lineWidth: 0 })));
    if (p.output && Object.keys(p.output).length > 0) io.stdout(indent(stringify({ outputs: p.output })));
    if (p.args) for (const c of describeCalls(p.func, p.args)) io.stdout(`  ${formatCall(c)}\n`);
    if (p.error) io.stdout(`  error: ${p.error}\n`);
  }
  if (result.artifacts && Object.keys(result.artifacts).length > 0) {
    io.stdout(`\n${stringify({ outputArtifacts: result.artifacts }, { lineWidth: 0 })}`);
  }
  if (result.error) io.stderr(`render failed: ${result.error.message}\n`);
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}

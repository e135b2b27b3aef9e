/**
 * Blueprint validation: Kanister's rules (`pkg/validate`: registered function, required args present, no
 * unsupported args — all on the unrendered arg keys — and unique phase names) and Holdfast's own (functions that need
 * Kanister's restic/kopia tools in pods are refused with the native alternative; every template must parse).
 *
 * Deviation, on purpose: Kanister's validator also refuses the same phase name in two different actions. Two of
 * Kanister's own maintained examples do that and run fine (only one action runs at a time), so Holdfast reports it
 * as a warning, and as an error with `strict` (exact parity with Kanister's validating webhook). The same name twice
 * in one action is always an error: `.Phases.<name>` would be ambiguous.
 */
import { type Diagnostic, formatPath, type PathSegment } from './diagnostics.js';
import type { Sourced } from './load.js';
import type { Action, ArgValue, Blueprint, Phase } from './schema.js';
import { closest } from './zod-diagnostics.js';

export interface FunctionFacts {
  readonly required: readonly string[];
  readonly accepted: readonly string[];
}

/** What validation needs to know about functions and templates; wired to the registry and the engine by callers. */
export interface ValidationPorts {
  functionFacts(name: string): FunctionFacts | undefined;
  rejection(name: string): { readonly reason: string; readonly alternative: string } | undefined;
  functionNames(): readonly string[];
  /** Returns Go's parse error text, or undefined when the template parses. */
  templateParseError(text: string): string | undefined;
}

export interface ValidateOptions {
  readonly strict?: boolean;
}

export function validateBlueprint(
  bp: Sourced<Blueprint>,
  ports: ValidationPorts,
  options: ValidateOptions = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: PathSegment[], message: string, hint?: string, severity: 'error' | 'warning' = 'error') => {
    out.push({ severity, file: bp.source.file, ...bp.source.locate(path), path: formatPath(path), message, hint });
  };
  for (const [actionName, action] of Object.entries(bp.value.actions)) {
    for (const [i, phase] of (action.phases ?? []).entries()) {
      validatePhase(phase, ['actions', actionName, 'phases', i], ports, at);
    }
    if (action.deferPhase) validatePhase(action.deferPhase, ['actions', actionName, 'deferPhase'], ports, at);
    validateArtifacts(action, ['actions', actionName], ports, at);
  }
  checkPhaseNames(bp.value, options, at);
  return out;
}

type Report = (path: PathSegment[], message: string, hint?: string, severity?: 'error' | 'warning') => void;

function validatePhase(phase: Phase, path: PathSegment[], ports: ValidationPorts, at: Report): void {
  const rejected = ports.rejection(phase.func);
  if (rejected) {
    at(
      [...path, 'func'],
      `function ${phase.func} is not supported by Holdfast: ${rejected.reason}`,
      rejected.alternative,
    );
    return;
  }
  const facts = ports.functionFacts(phase.func);
  if (!facts) {
    const guess = closest(phase.func, ports.functionNames());
    at(
      [...path, 'func'],
      `function ${phase.func} is not registered`,
      guess ? `did you mean ${guess}? (names are case-sensitive)` : 'see `holdfast schema --functions` for the list',
    );
  } else {
    const given = Object.keys(phase.args ?? {});
    for (const arg of facts.required) {
      if (!given.includes(arg)) {
        at([...path, 'args'], `${phase.func} requires arg "${arg}"`, `add args.${arg} to phase "${phase.name}"`);
      }
    }
    for (const arg of given) {
      if (!facts.accepted.includes(arg)) {
        const guess = closest(arg, facts.accepted);
        at(
          [...path, 'args', arg],
          `${phase.func} does not accept arg "${arg}"`,
          guess ? `did you mean "${guess}"?` : `accepted args: ${facts.accepted.join(', ')}`,
        );
      }
    }
  }
  for (const [name, ref] of Object.entries(phase.objects ?? {})) {
    for (const [field, value] of Object.entries(ref)) {
      if (typeof value === 'string') checkTemplate(value, [...path, 'objects', name, field], ports, at);
    }
  }
  walkArgs(phase.args ?? {}, [...path, 'args'], ports, at);
}

function walkArgs(value: ArgValue | Record<string, ArgValue>, path: PathSegment[], ports: ValidationPorts, at: Report) {
  if (typeof value === 'string') {
    checkTemplate(value, path, ports, at);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walkArgs(v, [...path, i], ports, at);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // Kanister renders map keys as templates too.
      checkTemplate(k, [...path, k], ports, at);
      walkArgs(v, [...path, k], ports, at);
    }
  }
}

function validateArtifacts(action: Action, path: PathSegment[], ports: ValidationPorts, at: Report): void {
  for (const [name, artifact] of Object.entries(action.outputArtifacts ?? {})) {
    for (const [k, v] of Object.entries(artifact.keyValue ?? {})) {
      checkTemplate(v, [...path, 'outputArtifacts', name, 'keyValue', k], ports, at);
    }
    if (artifact.kopiaSnapshot !== undefined) {
      checkTemplate(artifact.kopiaSnapshot, [...path, 'outputArtifacts', name, 'kopiaSnapshot'], ports, at);
    }
  }
}

function checkTemplate(text: string, path: PathSegment[], ports: ValidationPorts, at: Report): void {
  if (!text.includes('{{')) return;
  const error = ports.templateParseError(text);
  if (error)
    at(path, `template does not parse: ${error}`, 'fix the template; see `holdfast template --help` to try one');
}

function checkPhaseNames(bp: Blueprint, options: ValidateOptions, at: Report): void {
  const seen = new Map<string, { action: string; path: PathSegment[] }>();
  for (const [actionName, action] of Object.entries(bp.actions)) {
    const phases: [Phase, PathSegment[]][] = (action.phases ?? []).map((p, i) => [
      p,
      ['actions', actionName, 'phases', i, 'name'],
    ]);
    if (action.deferPhase) phases.push([action.deferPhase, ['actions', actionName, 'deferPhase', 'name']]);
    for (const [phase, path] of phases) {
      const first = seen.get(phase.name);
      if (!first) {
        seen.set(phase.name, { action: actionName, path });
        continue;
      }
      const sameAction = first.action === actionName;
      at(
        path,
        `duplicated phase name "${phase.name}" (also in action ${first.action}, ${formatPath(first.path)})`,
        sameAction
          ? 'rename one: .Phases.<name> must identify one phase'
          : "Kanister's validating webhook refuses this; rename one phase to keep the blueprint portable",
        sameAction || options.strict ? 'error' : 'warning',
      );
    }
  }
}

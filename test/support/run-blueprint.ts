/**
 * Runs one action of a blueprint through the real engine against a cluster (the local API server in tests):
 * subject params read from the cluster, Secrets/ConfigMaps through the API, functions bound to the given clients,
 * the engine's renderer and the in-process run context.
 */
import { readFileSync } from 'node:fs';
import { InProcessRunContext } from '../../shared/blueprint/in-process-context.js';
import type { ActionResult, ParamsObject } from '../../shared/blueprint/interpreter.js';
import { runAction } from '../../shared/blueprint/interpreter.js';
import { loadKanisterDocuments } from '../../shared/blueprint/load.js';
import type { PhaseSettings } from '../../shared/blueprint/phase-runner.js';
import { Redactor } from '../../shared/blueprint/redact.js';
import type { Logger } from '../../shared/blueprint/run-context.js';
import type { Blueprint } from '../../shared/blueprint/schema.js';
import { functionLookup } from '../../shared/engine/function-lookup.js';
import { createRenderer } from '../../shared/engine/renderer.js';
import type { EdgeClients } from '../../shared/functions/ports.js';
import { kubeObjectResolver } from '../../shared/kube/object-fetch.js';
import { subjectParams } from '../../shared/kube/subject-params.js';

export function loadBlueprint(file: string): Blueprint {
  return blueprintFrom(readFileSync(file, 'utf8'), file);
}

/** A blueprint from YAML text (tests write small ones inline). */
export function blueprintFrom(text: string, file = 'inline.yaml'): Blueprint {
  const loaded = loadKanisterDocuments(text, file);
  const blueprint = loaded.blueprints[0]?.value;
  if (!blueprint) throw new Error(`${file}: no valid blueprint (${JSON.stringify(loaded.diagnostics)})`);
  return blueprint;
}

export interface RunOptions {
  readonly blueprint: Blueprint;
  readonly action: string;
  /** The ActionSet's object; none gives only `.Time`, `.ArtifactsIn` and `extraParams`. */
  readonly subject?: { readonly kind: string; readonly namespace: string; readonly name: string };
  readonly clients: EdgeClients & { readonly kube: NonNullable<EdgeClients['kube']> };
  readonly log: Logger;
  readonly artifactsIn?: Record<string, { keyValue?: Record<string, string> }>;
  readonly extraParams?: Partial<ParamsObject>;
  readonly signal?: AbortSignal;
  readonly phaseSettings?: (phase: string) => PhaseSettings;
  readonly redactor?: Redactor;
  readonly runId?: string;
}

export async function runBlueprintAction(opts: RunOptions): Promise<ActionResult> {
  const signal = opts.signal ?? new AbortController().signal;
  const subject = opts.subject ? await subjectParams(opts.clients.kube, opts.subject, signal) : {};
  return runAction({
    blueprint: opts.blueprint,
    action: opts.action,
    params: {
      ...subject,
      Time: '2026-03-01T10:00:00Z',
      ...(opts.artifactsIn ? { ArtifactsIn: opts.artifactsIn } : {}),
      ...opts.extraParams,
    } as ParamsObject,
    functions: functionLookup(opts.clients),
    renderer: createRenderer(),
    resolver: kubeObjectResolver(opts.clients.kube),
    run: new InProcessRunContext({ log: opts.log, signal, ...(opts.runId ? { runId: opts.runId } : {}) }),
    redactor: opts.redactor ?? new Redactor(),
    ...(opts.phaseSettings ? { phaseSettings: opts.phaseSettings } : {}),
  });
}

/**
 * On-demand requests (console test events, the CLI's remote mode): back up a policy now (all or one subject), restore
 * a restore point, list restore points, show a run, validate a blueprint or policy. One schema, one answer per action.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type Diagnostic, formatDiagnostic } from '../blueprint/diagnostics.js';
import { loadKanisterDocuments } from '../blueprint/load.js';
import type { Logger } from '../blueprint/run-context.js';
import { type ValidationPorts, validateBlueprint } from '../blueprint/validate.js';
import { loadPolicies } from '../policy/load.js';
import type { RestorePoint, RestorePointStore, RunRecord, RunStore } from './ports.js';
import { restoreTargetSchema } from './restore-run.js';
import { type InventorySource, type PolicySource, runTrigger, type Starter, type TriggerReport } from './trigger.js';

export const invokeRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('backup'), policy: z.string().min(1), subjectId: z.string().min(1).optional() }),
  z.strictObject({
    action: z.literal('restore'),
    subjectId: z.string().min(1),
    restorePointId: z.string().min(1),
    target: restoreTargetSchema.default({}),
  }),
  z.strictObject({
    action: z.literal('list'),
    subjectId: z.string().min(1).optional(),
    policy: z.string().min(1).optional(),
    limit: z.number().int().positive().max(1000).default(50),
  }),
  z.strictObject({ action: z.literal('status'), runId: z.string().min(1) }),
  z.strictObject({
    action: z.literal('validate'),
    kind: z.enum(['blueprint', 'policy']),
    text: z.string().min(1).max(1_000_000),
    file: z.string().default('request.yaml'),
  }),
]);
export type InvokeRequest = z.infer<typeof invokeRequestSchema>;

export interface InvokeDeps {
  readonly policies: PolicySource;
  readonly inventory: InventorySource;
  readonly backupStarter: Starter;
  readonly restoreStarter: Starter;
  readonly runs: Pick<RunStore, 'getRun'>;
  readonly restorePoints: RestorePointStore & { listByPolicy(policy: string): Promise<RestorePoint[]> };
  readonly validation: ValidationPorts;
  readonly log: Logger;
  readonly now: () => Date;
}

export type InvokeResponse =
  | { action: 'backup'; report: TriggerReport }
  | { action: 'restore'; runId: string; started: boolean }
  | { action: 'list'; restorePoints: RestorePoint[] }
  | { action: 'status'; run: RunRecord | null }
  | { action: 'validate'; valid: boolean; diagnostics: string[] };

export async function handleInvoke(req: InvokeRequest, deps: InvokeDeps): Promise<InvokeResponse> {
  switch (req.action) {
    case 'backup': {
      const event = {
        trigger: 'on-demand' as const,
        policy: req.policy,
        requestedAt: deps.now().toISOString(),
        subjectId: req.subjectId,
      };
      const report = await runTrigger(event, {
        policies: deps.policies,
        inventory: deps.inventory,
        starter: deps.backupStarter,
        log: deps.log,
      });
      return { action: 'backup', report };
    }
    case 'restore': {
      const minute = deps.now().toISOString().slice(0, 16);
      const hash = createHash('sha256').update(
        `${req.subjectId}#${req.restorePointId}#${JSON.stringify(req.target)}#${minute}`,
      );
      const runId = `restore-${hash.digest('hex').slice(0, 40)}`;
      const outcome = await deps.restoreStarter.start(runId, {
        runId,
        subjectId: req.subjectId,
        restorePointId: req.restorePointId,
        target: req.target,
      });
      return { action: 'restore', runId, started: outcome === 'started' };
    }
    case 'list': {
      const all = req.subjectId
        ? await deps.restorePoints.listRestorePoints(req.subjectId)
        : req.policy
          ? await deps.restorePoints.listByPolicy(req.policy)
          : [];
      const sorted = [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { action: 'list', restorePoints: sorted.slice(0, req.limit) };
    }
    case 'status':
      return { action: 'status', run: (await deps.runs.getRun(req.runId)) ?? null };
    case 'validate':
      return validate(req.kind, req.text, req.file, deps.validation);
  }
}

function validate(kind: 'blueprint' | 'policy', text: string, file: string, ports: ValidationPorts): InvokeResponse {
  const found: Diagnostic[] = [];
  if (kind === 'policy') {
    found.push(...loadPolicies(text, file).diagnostics);
  } else {
    const loaded = loadKanisterDocuments(text, file);
    found.push(...loaded.diagnostics, ...loaded.blueprints.flatMap((bp) => validateBlueprint(bp, ports)));
  }
  return {
    action: 'validate',
    valid: !found.some((d) => d.severity === 'error'),
    diagnostics: found.map(formatDiagnostic),
  };
}

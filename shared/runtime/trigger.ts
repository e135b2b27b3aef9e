/**
 * The trigger (DESIGN.md §2): a schedule firing or an event matching a policy's pattern → the policy's subjects,
 * listed from its clusters → one backup run per subject (plan-runs.ts), started with an idempotent execution name so
 * the same trigger delivered twice starts each run once.
 */
import { z } from 'zod';
import type { Logger } from '../blueprint/run-context.js';
import { scheduledTimeAt } from '../policy/schedule.js';
import type { Policy } from '../policy/schema.js';
import { type ClusterInventory, configMapsToRead, resolveSubjects } from '../policy/selectors.js';
import { planRuns } from './plan-runs.js';

/** What EventBridge Scheduler / a rule's input transformer delivers (infra sets these inputs). */
export const triggerEventSchema = z.discriminatedUnion('trigger', [
  z.strictObject({
    trigger: z.literal('schedule'),
    policy: z.string().min(1),
    schedule: z.string().min(1),
    /** `<aws.scheduler.scheduled-time>` */
    scheduledTime: z.iso.datetime({ offset: true }),
  }),
  z.strictObject({
    trigger: z.literal('on-demand'),
    policy: z.string().min(1),
    /** When asked; the minute is the idempotency key (asking twice within a minute starts the runs once). */
    requestedAt: z.iso.datetime({ offset: true }),
    /** Back up only this subject of the policy. */
    subjectId: z.string().min(1).optional(),
  }),
  z.strictObject({
    trigger: z.literal('event'),
    policy: z.string().min(1),
    /** Which of the policy's event triggers matched. */
    name: z.string().min(1).optional(),
    /** The matched event's envelope (its `id` and `time` make the runs' idempotency key). */
    event: z.looseObject({ id: z.string().min(1), time: z.iso.datetime({ offset: true }) }),
  }),
]);
export type TriggerEvent = z.infer<typeof triggerEventSchema>;

export interface PolicySource {
  get(name: string): Promise<Policy | undefined>;
  list(): Promise<Policy[]>;
}

export interface InventorySource {
  /** Lists what the policy may select in one cluster (namespaces, annotated workloads, the ConfigMaps it reads). */
  list(policy: Policy, cluster: string, configMaps: { namespace: string; name: string }[]): Promise<ClusterInventory>;
}

export interface Starter {
  start(name: string, input: unknown): Promise<'started' | 'existing'>;
}

export interface TriggerReport {
  readonly policy: string;
  readonly scheduledTime: string;
  readonly started: string[];
  readonly existing: string[];
  readonly problems: string[];
}

export class TriggerError extends Error {
  override readonly name = 'TriggerError';
}

export async function runTrigger(
  event: TriggerEvent,
  deps: { policies: PolicySource; inventory: InventorySource; starter: Starter; log: Logger; concurrency?: number },
): Promise<TriggerReport> {
  const policy = await deps.policies.get(event.policy);
  if (!policy) throw new TriggerError(`policy ${event.policy} is not deployed; redeploy the stack with it`);
  const at = scheduledTime(policy, event);
  const wanted = configMapsToRead(policy);
  const inventories: ClusterInventory[] = [];
  const problems: string[] = [];
  for (const cluster of policy.spec.subjects.clusters) {
    try {
      const cms = wanted.filter((c) => c.cluster === cluster.name).map(({ namespace, name }) => ({ namespace, name }));
      inventories.push(await deps.inventory.list(policy, cluster.name, cms));
    } catch (err) {
      problems.push(`${cluster.name}: cannot list the cluster: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const resolution = resolveSubjects(policy, inventories);
  problems.push(...resolution.problems.map((p) => `${p.cluster}: ${p.message}`));
  for (const p of problems) deps.log.warn('policy subject problem', { policy: policy.metadata.name, problem: p });
  const only = event.trigger === 'on-demand' ? event.subjectId : undefined;
  const subjects = only ? resolution.subjects.filter((s) => s.id === only) : resolution.subjects;
  if (only && subjects.length === 0) {
    throw new TriggerError(
      `policy ${policy.metadata.name} does not select ${only}; see which subjects it selects with holdfast render`,
    );
  }
  const runs = planRuns(policy, subjects, at);
  const started: string[] = [];
  const existing: string[] = [];
  await forEachLimited(runs, deps.concurrency ?? 10, async (r) => {
    const outcome = await deps.starter.start(r.executionName, r.input);
    (outcome === 'started' ? started : existing).push(r.executionName);
  });
  deps.log.info('trigger done', { policy: policy.metadata.name, started: started.length, existing: existing.length });
  return { policy: policy.metadata.name, scheduledTime: at.toISOString(), started, existing, problems };
}

function scheduledTime(policy: Policy, event: TriggerEvent): Date {
  if (event.trigger === 'event') return floorToMinute(new Date(event.event.time));
  if (event.trigger === 'on-demand') return floorToMinute(new Date(event.requestedAt));
  const schedules = policy.spec.triggers?.schedules ?? [];
  const schedule = schedules.find((s, i) => triggerName(s.name, i, 'schedule') === event.schedule);
  if (!schedule) throw new TriggerError(`policy ${policy.metadata.name} has no schedule named ${event.schedule}`);
  const fired = new Date(event.scheduledTime);
  // A late or retried delivery maps back to the fire time it belongs to, so its runs have the same names.
  return scheduledTimeAt(schedule.expression, fired, { timeZone: schedule.timeZone }) ?? floorToMinute(fired);
}

/**
 * How a policy's schedule or event trigger is named (in trigger inputs and in the stack's resource names): its name,
 * or its 1-based position when it has none. The stack imports this, so both sides always agree.
 */
export function triggerName(name: string | undefined, index: number, kind: 'schedule' | 'event'): string {
  return name ?? `${kind}-${index + 1}`;
}

function floorToMinute(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 60_000) * 60_000);
}

export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

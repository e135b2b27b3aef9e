/**
 * From a policy, the subjects it selects and a scheduled time, to the backup runs to start (pure). One run per
 * workload or namespace subject; a database (RDS instance or Aurora cluster) the policy names in the namespace of a
 * workload is captured INSIDE that workload's run — inside its quiesce window — so the app and its database come
 * back as one unit from one restore point. A database with no workload in its namespace gets a run of its own.
 */
import type { NotificationTarget } from '../../events/holdfast.js';
import { runExecutionName } from '../policy/run-name.js';
import type { Policy } from '../policy/schema.js';
import type { Subject as PolicySubject } from '../policy/selectors.js';
import type { BackupRunInput, RdsTarget } from './run-input.js';

export interface PlannedRun {
  /** The durable execution name: the same policy, subject and time always give the same name. */
  readonly executionName: string;
  readonly input: BackupRunInput;
}

export function planRuns(policy: Policy, subjects: readonly PolicySubject[], scheduledTime: Date): PlannedRun[] {
  const databases = subjects.filter((s) => s.rds !== undefined);
  const apps = subjects.filter((s) => s.rds === undefined);
  const claimed = new Set<string>();
  const runs: PlannedRun[] = [];
  for (const app of apps) {
    const joined = databases.filter(
      (d) => !claimed.has(d.id) && d.cluster === app.cluster && d.namespace === app.namespace,
    );
    for (const d of joined) claimed.add(d.id);
    runs.push(plan(policy, app, joined, scheduledTime));
  }
  for (const db of databases.filter((d) => !claimed.has(d.id))) runs.push(plan(policy, db, [db], scheduledTime));
  return runs;
}

function plan(policy: Policy, subject: PolicySubject, databases: readonly PolicySubject[], at: Date): PlannedRun {
  const spec = policy.spec;
  const rds: RdsTarget[] = spec.capture.rdsSnapshot
    ? databases.flatMap((d) => (d.rds ? [{ id: d.rds.identifier, kind: d.rds.type, region: d.rds.region }] : []))
    : [];
  const executionName = runExecutionName(policy.metadata.name, subject.id, at);
  const input: BackupRunInput = {
    runId: executionName,
    policy: policy.metadata.name,
    subject: { cluster: subject.cluster, namespace: subject.namespace, kind: subject.kind, name: subject.name },
    scheduledTime: at.toISOString(),
    hooks: subject.hooks
      ? { blueprint: subject.hooks.blueprint, actions: hookActions(subject.hooks.actions) }
      : undefined,
    capture: {
      rds,
      blueprintBackup: subject.backupBlueprint ? { blueprint: subject.backupBlueprint } : undefined,
      csiSnapshots:
        spec.capture.csiSnapshots && subject.rds === undefined ? { ...spec.capture.csiSnapshots } : undefined,
      manifests: spec.capture.manifests && subject.rds === undefined ? { ...spec.capture.manifests } : undefined,
    },
    exports: { copies: (spec.exports?.copies ?? []).map((c) => ({ region: c.region, kmsKeyId: c.kmsKeyArn })) },
    maxQuiesceSeconds: spec.maxQuiesceSeconds,
    onPrehookFailure: spec.onPrehookFailure,
    notifications: notificationTargets(policy),
    options: {},
  };
  return { executionName, input };
}

function hookActions(actions: readonly string[]): ('backupPrehook' | 'backupPosthook')[] {
  return actions.filter(
    (a): a is 'backupPrehook' | 'backupPosthook' => a === 'backupPrehook' || a === 'backupPosthook',
  );
}

/** Policy secret names to notify's secret references: `/name` is an SSM parameter, other names Secrets Manager. */
export function secretRef(name: string): string {
  if (/^(arn:|ssm:|secretsmanager:)/.test(name)) return name;
  return name.startsWith('/') ? `ssm:${name}` : `secretsmanager:${name}`;
}

function notificationTargets(policy: Policy): NotificationTarget[] {
  const n = policy.spec.notifications;
  const out: NotificationTarget[] = [];
  if (n?.slack) out.push({ kind: 'slack', urlSecret: secretRef(n.slack.webhookUrlSecret), on: [...n.slack.on] });
  if (n?.webhook) {
    out.push({
      kind: 'webhook',
      urlSecret: secretRef(n.webhook.urlSecret),
      keySecret: secretRef(n.webhook.hmacKeySecret),
      on: [...n.webhook.on],
    });
  }
  return out;
}

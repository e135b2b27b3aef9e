/**
 * Least privilege of each handler role, read from the synthesized agents template: who may touch RDS and where, who
 * may create KMS grants, who may describe which clusters, who may complete durable callbacks, who may read secrets,
 * and that nothing is granted on `*` beyond the few actions that have no resource-level permissions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HandlerName, handlers } from '../../infra/handlers.js';
import { roleName, stackNames } from '../../infra/names.js';
import { allowing, roleId, roleStatements, type Statement } from './support/iam.js';
import { type Synthesized, synthHoldfast } from './support/synth.js';

let synth: Synthesized;
const statementsOf = new Map<HandlerName, Statement[]>();

beforeAll(() => {
  synth = synthHoldfast({ nag: false });
  const template = synth.template(stackNames.agents(synth.config));
  for (const h of handlers) {
    statementsOf.set(h.name, roleStatements(template, roleId(template, roleName(synth.config, h.name))));
  }
});

afterAll(() => synth?.cleanup());

function rolesAllowing(action: RegExp): HandlerName[] {
  return handlers.filter((h) => allowing(statementsOf.get(h.name) ?? [], action).length > 0).map((h) => h.name);
}

const ACCOUNT = '123456789012';

describe('RDS permissions', () => {
  it('go only to the roles whose handler works on RDS', () => {
    expect(rolesAllowing(/^rds:/).sort()).toEqual(['backup-run', 'delete-run', 'restore-run']);
  });

  it('name only the configured database and holdfast-* resources, never all of RDS', () => {
    const db = `arn:aws:rds:us-west-2:${ACCOUNT}:db:test-postgresql-instance`;
    const owned = /^arn:aws:rds:(us-west-2|us-east-1):123456789012:(snapshot|cluster-snapshot|db|cluster):holdfast-\*$/;
    const groups = /^arn:aws:rds:(us-west-2|us-east-1):123456789012:(og|pg|cluster-pg|subgrp):\*$/;
    for (const name of ['backup-run', 'restore-run', 'delete-run'] as const) {
      for (const s of allowing(statementsOf.get(name) ?? [], /^rds:/)) {
        expect(
          s.actions.every((a) => !a.includes('*')),
          `${name}: ${s.actions}`,
        ).toBe(true);
        if (s.actions.includes('rds:DescribeExportTasks')) {
          expect(s.actions, 'only DescribeExportTasks may use *').toEqual(['rds:DescribeExportTasks']);
          continue;
        }
        for (const r of s.resources) {
          expect(r === db || owned.test(r) || groups.test(r), `${name} ${s.actions} on ${r}`).toBe(true);
        }
      }
    }
  });

  it('let only backup-run create snapshots, and only of the configured database', () => {
    expect(rolesAllowing(/^rds:CreateDB(Cluster)?Snapshot$/)).toEqual(['backup-run']);
    const create = allowing(statementsOf.get('backup-run') ?? [], /^rds:CreateDBSnapshot$/);
    const dbs = create.flatMap((s) => s.resources).filter((r) => r.includes(':db:'));
    expect(dbs).toEqual([`arn:aws:rds:us-west-2:${ACCOUNT}:db:test-postgresql-instance`]);
  });

  it('let only delete-run delete snapshots, and only holdfast-* ones', () => {
    expect(rolesAllowing(/^rds:Delete/).sort()).toEqual(['backup-run', 'delete-run']);
    const deletes = allowing(statementsOf.get('delete-run') ?? [], /^rds:DeleteDB(Cluster)?Snapshot$/);
    expect(deletes.flatMap((s) => s.resources).every((r) => r.endsWith(':holdfast-*'))).toBe(true);
    // backup-run deletes only the temporary instances it restores for ExportRDSSnapshotToLocation.
    const temp = allowing(statementsOf.get('backup-run') ?? [], /^rds:DeleteDBInstance$/);
    expect(temp.flatMap((s) => s.resources)).toEqual([`arn:aws:rds:us-west-2:${ACCOUNT}:db:holdfast-*`]);
  });
});

describe('KMS grants', () => {
  it('go only to the roles that copy, export or restore', () => {
    expect(rolesAllowing(/^kms:CreateGrant$/).sort()).toEqual(['backup-run', 'restore-run']);
  });

  it('are limited to grants RDS requests for an AWS resource', () => {
    for (const name of ['backup-run', 'restore-run'] as const) {
      for (const s of allowing(statementsOf.get(name) ?? [], /^kms:CreateGrant$/)) {
        expect(s.conditions?.StringLike?.['kms:ViaService']).toBe('rds.*.amazonaws.com');
        expect(s.conditions?.Bool?.['kms:GrantIsForAWSResource']).toBe('true');
      }
    }
  });

  it('cover the destination key the config names for copies', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const grants = allowing(statementsOf.get('backup-run') ?? [], /^kms:CreateGrant$/);
    expect(grants.flatMap((s) => s.resources)).toContain(key);
  });
});

describe('cluster access', () => {
  it('eks:DescribeCluster goes to the handlers that talk to clusters, on the configured cluster only', () => {
    const expected = handlers.filter((h) => h.needs.cluster).map((h) => h.name);
    expect(rolesAllowing(/^eks:/).sort()).toEqual([...expected].sort());
    for (const name of expected) {
      const s = allowing(statementsOf.get(name) ?? [], /^eks:/);
      expect(s.flatMap((x) => x.actions)).toEqual(['eks:DescribeCluster']);
      expect(s.flatMap((x) => x.resources)).toEqual([`arn:aws:eks:us-west-2:${ACCOUNT}:cluster/demo-eks`]);
    }
  });
});

describe('durable execution callbacks', () => {
  it('only rds-events may complete callbacks, on the durable functions executions', () => {
    expect(rolesAllowing(/^lambda:SendDurableExecutionCallback/)).toEqual(['rds-events']);
    const s = allowing(statementsOf.get('rds-events') ?? [], /^lambda:SendDurableExecutionCallback/);
    expect(s.flatMap((x) => x.actions).sort()).toEqual([
      'lambda:SendDurableExecutionCallbackFailure',
      'lambda:SendDurableExecutionCallbackHeartbeat',
      'lambda:SendDurableExecutionCallbackSuccess',
    ]);
    const resources = s.flatMap((x) => x.resources);
    expect(resources).toHaveLength(3);
    for (const r of resources) expect(r).toMatch(/^<(BackupRun|RestoreRun|DeleteRun)Function[A-F0-9]+\.Arn>:\*$/);
  });

  it('durable functions checkpoint only their own executions', () => {
    for (const name of ['backup-run', 'restore-run', 'delete-run'] as const) {
      const s = allowing(statementsOf.get(name) ?? [], /^lambda:CheckpointDurableExecution$/);
      const prefix = name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
      expect(s.flatMap((x) => x.resources)).toEqual([expect.stringMatching(new RegExp(`^<${prefix}Function`))]);
    }
    expect(rolesAllowing(/^lambda:CheckpointDurableExecution$/).sort()).toEqual([
      'backup-run',
      'delete-run',
      'restore-run',
    ]);
  });
});

describe('secrets', () => {
  it('only notify reads Secrets Manager or SSM, and only the configured names', () => {
    expect(rolesAllowing(/^(secretsmanager|ssm):/)).toEqual(['notify']);
    const reads = allowing(statementsOf.get('notify') ?? [], /^(secretsmanager|ssm):/);
    expect(reads.flatMap((s) => s.actions).sort()).toEqual(['secretsmanager:GetSecretValue', 'ssm:GetParameter']);
    expect(reads.flatMap((s) => s.resources).sort()).toEqual([
      `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:holdfast/slack-webhook-url-??????`,
      `arn:aws:ssm:us-west-2:${ACCOUNT}:parameter/holdfast/pacman/webhook-hmac-key`,
      `arn:aws:ssm:us-west-2:${ACCOUNT}:parameter/holdfast/pacman/webhook-url`,
    ]);
  });

  it('notify touches nothing else: no table, bucket, cluster or RDS', () => {
    const actions = (statementsOf.get('notify') ?? []).flatMap((s) => s.actions);
    expect(actions.filter((a) => /^(dynamodb|s3|eks|rds|lambda|events):/.test(a))).toEqual([]);
  });
});

describe('invocations between handlers', () => {
  it('target the live alias of the invoked handler, never the unqualified function', () => {
    for (const h of handlers) {
      const invokes = allowing(statementsOf.get(h.name) ?? [], /^lambda:InvokeFunction$/);
      const expected = (h.needs.invokes ?? []).length;
      expect(
        invokes.flatMap((s) => s.resources),
        h.name,
      ).toHaveLength(expected);
      for (const r of invokes.flatMap((s) => s.resources)) expect(r, h.name).toMatch(/^<[A-Za-z]+Live[A-F0-9]+>$/);
    }
  });
});

describe('wildcards', () => {
  it('no role is granted an action on "*" except those without resource-level permissions', () => {
    for (const h of handlers) {
      for (const s of statementsOf.get(h.name) ?? []) {
        if (!s.resources.includes('*')) continue;
        expect(s.actions, h.name).toEqual(['rds:DescribeExportTasks']);
      }
    }
  });

  it('no role carries an AWS managed policy', () => {
    const roles = synth.template(stackNames.agents(synth.config)).findResources('AWS::IAM::Role') as Record<
      string,
      { Properties: { ManagedPolicyArns?: unknown } }
    >;
    for (const [id, role] of Object.entries(roles)) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it('no role has a service-wide action wildcard', () => {
    for (const h of handlers) {
      const actions = (statementsOf.get(h.name) ?? []).flatMap((s) => s.actions);
      expect(
        actions.filter((a) => /:\*$|^\*$/.test(a)),
        h.name,
      ).toEqual([]);
    }
  });
});

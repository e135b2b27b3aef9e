/**
 * The agents stack: everything that runs. One function per handler in infra/handlers.ts with its own role, the
 * `live` aliases, the policies' schedules and rules, the system triggers, EKS access entries for clusters in this
 * region, optional VPC placement, the RDS export role, dead-letter queues and alarms. It holds no data, so it can be
 * redeployed (or destroyed and recreated) freely.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Policy } from '../../shared/policy/schema.js';
import { TASK_ROOT } from '../bundling.js';
import type { HoldfastConfig } from '../config.js';
import { Alarms } from '../constructs/alarms.js';
import { ClusterAccess } from '../constructs/cluster-access.js';
import { deadLetterQueue } from '../constructs/dead-letter-queue.js';
import { HandlerFunction } from '../constructs/handler-function.js';
import { HandlerNetwork } from '../constructs/handler-network.js';
import {
  type AgentResources,
  grantInvokes,
  grantNeeds,
  handlerEnvironment,
} from '../constructs/handler-permissions.js';
import { PolicyTriggers } from '../constructs/policy-triggers.js';
import { RdsExportRole } from '../constructs/rds-export-role.js';
import { SystemTriggers } from '../constructs/system-triggers.js';
import { HandlerEntryError } from '../errors.js';
import { type HandlerName, type HandlerSpec, handlers } from '../handlers.js';
import { Arns } from '../iam/arns.js';
import { exportRoleName, METRIC_NAMESPACE, roleName } from '../names.js';

export interface AgentsStackProps extends StackProps {
  readonly config: HoldfastConfig;
  readonly policies: readonly Policy[];
  readonly projectRoot: string;
  readonly key: IKey;
  readonly table: ITable;
  readonly bucket: IBucket;
  readonly bus: IEventBus;
  /** Entry files by handler, instead of `<projectRoot>/<spec.entry>` (tests stand in for unwritten handlers). */
  readonly entries?: Partial<Record<HandlerName, string>>;
}

export class AgentsStack extends Stack {
  readonly functions = new Map<HandlerName, HandlerFunction>();
  readonly exportRole: RdsExportRole;
  readonly network?: HandlerNetwork;

  constructor(scope: Construct, id: string, props: AgentsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const entries = resolveEntries(props);
    if (config.network) this.network = new HandlerNetwork(this, 'Network', config.network);
    this.exportRole = new RdsExportRole(this, 'RdsExport', {
      roleName: exportRoleName(config),
      bucket: props.bucket,
      key: props.key,
    });
    const resources: AgentResources = { ...props, arns: Arns.of(this), exportRole: this.exportRole.role };
    for (const spec of creationOrder(handlers)) this.addHandler(spec, entries[spec.name], resources, props);
    const durable = [...this.functions.values()].filter((f) => f.spec.durable);
    for (const handler of this.functions.values()) {
      grantNeeds(handler, resources, durable);
      grantInvokes(handler, this.functions);
    }
    this.addClusterAccess(config);
    this.addTriggersAndAlarms(props);
    this.addOutputs();
  }

  fn(name: HandlerName): HandlerFunction {
    const f = this.functions.get(name);
    if (!f) throw new Error(`no function for handler ${name}`);
    return f;
  }

  private addHandler(spec: HandlerSpec, entry: string, res: AgentResources, props: AgentsStackProps): void {
    const { config } = props;
    const folders = Object.fromEntries(
      (spec.bundles ?? []).map((b) => [
        b,
        join(props.projectRoot, b === 'policies' ? config.policiesDir : config.blueprintsDir),
      ]),
    );
    const environment = {
      HOLDFAST_NAME: config.name,
      POWERTOOLS_SERVICE_NAME: `holdfast-${spec.name}`,
      POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
      ...Object.fromEntries(Object.keys(folders).map((b) => [`HOLDFAST_${b.toUpperCase()}_DIR`, `${TASK_ROOT}/${b}`])),
      ...handlerEnvironment(spec, res, this.functions),
    };
    const removal = config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.functions.set(
      spec.name,
      new HandlerFunction(this, pascal(spec.name), {
        spec,
        entry,
        projectRoot: props.projectRoot,
        folders,
        roleName: roleName(config, spec.name),
        environment,
        logRetention: config.logRetentionDays as RetentionDays,
        logRemovalPolicy: removal,
        key: props.key,
        ...(this.network && spec.needs.cluster ? { network: this.network.placement } : {}),
      }),
    );
  }

  private addClusterAccess(config: HoldfastConfig): void {
    const principals = [...this.functions.values()].flatMap((f) =>
      f.spec.needs.cluster ? [{ handler: f.spec.name, role: f.spec.needs.cluster, roleArn: f.role.roleArn }] : [],
    );
    for (const cluster of config.clusters) {
      if (cluster.region === config.region && cluster.access === 'access-entry') {
        new ClusterAccess(this, `Access-${cluster.name}`, { cluster, principals });
      }
    }
  }

  private addTriggersAndAlarms(props: AgentsStackProps): void {
    const scheduleGroup = new ScheduleGroup(this, 'Schedules', { scheduleGroupName: props.config.name });
    const delivery = deadLetterQueue(this, 'DeliveryDeadLetterQueue', props.key);
    new PolicyTriggers(this, 'Policies', {
      policies: props.policies,
      target: this.fn('trigger').alias,
      bus: props.bus,
      deadLetterQueue: delivery,
      scheduleGroup,
    });
    new SystemTriggers(this, 'System', {
      watchdog: this.fn('watchdog').alias,
      retention: this.fn('retention').alias,
      rdsEvents: this.fn('rds-events').alias,
      notify: this.fn('notify').alias,
      bus: props.bus,
      deadLetterQueue: delivery,
      scheduleGroup,
    });
    const queues = new Map<string, IQueue>([['Delivery', delivery]]);
    for (const f of this.functions.values()) if (f.deadLetterQueue) queues.set(pascal(f.spec.name), f.deadLetterQueue);
    new Alarms(this, 'Alarms', {
      key: props.key,
      watchdog: this.fn('watchdog').alias,
      deadLetterQueues: queues,
      ...(props.config.alarmEmail ? { email: props.config.alarmEmail } : {}),
    });
  }

  private addOutputs(): void {
    new CfnOutput(this, 'InvokeFunction', {
      value: this.fn('invoke').alias.functionArn,
      description: 'Invoke this for on-demand backups and restores (console or `aws lambda invoke`)',
    });
    for (const f of this.functions.values()) {
      if (!f.spec.needs.cluster) continue;
      new CfnOutput(this, `${pascal(f.spec.name)}RoleArn`, {
        value: f.role.roleArn,
        description: `Role of ${f.spec.name}: maps to Kubernetes group for ${f.spec.needs.cluster}s (aws-auth clusters)`,
      });
    }
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase());
}

/** Handlers that others invoke are created first: the caller's environment names their alias. */
export function creationOrder(specs: readonly HandlerSpec[]): HandlerSpec[] {
  const done = new Set<HandlerName>();
  const out: HandlerSpec[] = [];
  const visit = (spec: HandlerSpec, path: readonly HandlerName[]) => {
    if (done.has(spec.name)) return;
    if (path.includes(spec.name))
      throw new Error(`handlers invoke each other in a cycle: ${[...path, spec.name].join(' → ')}`);
    for (const name of spec.needs.invokes ?? []) {
      const target = specs.find((s) => s.name === name);
      if (target) visit(target, [...path, spec.name]);
    }
    done.add(spec.name);
    out.push(spec);
  };
  for (const spec of specs) visit(spec, []);
  return out;
}

function resolveEntries(props: AgentsStackProps): Record<HandlerName, string> {
  const entries = Object.fromEntries(
    handlers.map((h) => [h.name, props.entries?.[h.name] ?? join(props.projectRoot, h.entry)]),
  ) as Record<HandlerName, string>;
  const missing = handlers.filter((h) => !existsSync(entries[h.name])).map((h) => h.entry);
  if (missing.length > 0) throw new HandlerEntryError(missing);
  return entries;
}

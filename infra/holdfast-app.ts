/**
 * Builds the whole CDK app from a validated config: the region stacks (copy destinations, other database regions),
 * the stateful stack, the agents stack and the cluster access stacks for clusters in other regions, in deploy order,
 * with cdk-nag's AwsSolutions checks and Holdfast's acknowledgements. `infra/app.ts` calls it for the CLI; the tests
 * call it directly and synthesize through the assertions API.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Sourced } from '../shared/blueprint/load.js';
import type { Policy } from '../shared/policy/schema.js';
import type { HoldfastConfig } from './config.js';
import { PolicyConfigError } from './errors.js';
import type { HandlerName } from './handlers.js';
import { databaseRegions, destinationRegions, unique } from './iam/arns.js';
import { HoldfastAcknowledgements } from './nag/acknowledge.js';
import { stackNames } from './names.js';
import { loadPolicyDir } from './policies.js';
import { checkPolicies } from './policy-check.js';
import { AgentsStack } from './stacks/agents-stack.js';
import { ClusterAccessStack } from './stacks/cluster-access-stack.js';
import { RegionStack } from './stacks/region-stack.js';
import { StatefulStack } from './stacks/stateful-stack.js';

export interface HoldfastAppOptions {
  readonly config: HoldfastConfig;
  /** Repository root: handler entries, the policies and blueprints folders are resolved from here. */
  readonly projectRoot: string;
  readonly app?: App;
  /** Policies instead of reading `config.policiesDir` (tests). */
  readonly policies?: readonly Sourced<Policy>[];
  readonly entries?: Partial<Record<HandlerName, string>>;
  /** Run cdk-nag's AwsSolutions checks at synth. @default true */
  readonly nag?: boolean;
}

/**
 * CDK feature flags the stacks are written for, set here rather than in cdk.json so the tests (which build the app
 * without the CLI) synthesize exactly what `cdk synth` does.
 */
export const FEATURE_FLAGS: Readonly<Record<string, boolean>> = {
  // Partition literals when the region is known: readable ARNs in policies and tests.
  '@aws-cdk/core:enablePartitionLiterals': true,
  // Merge statements: handler roles stay well under IAM's 10 KB inline policy limit.
  '@aws-cdk/aws-iam:minimizePolicies': true,
  // Server access logs are delivered through a bucket policy, not ACLs (ACLs stay disabled everywhere).
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
};

export interface HoldfastStacks {
  readonly app: App;
  readonly regions: readonly RegionStack[];
  readonly stateful: StatefulStack;
  readonly agents: AgentsStack;
  readonly clusterAccess: readonly ClusterAccessStack[];
}

export function buildHoldfastApp(opts: HoldfastAppOptions): HoldfastStacks {
  const { config, projectRoot } = opts;
  const policies = opts.policies ?? loadPolicyDir(projectRoot, config.policiesDir);
  const problems = checkPolicies(policies, config);
  if (problems.length > 0) throw new PolicyConfigError(problems);
  const app = opts.app ?? new App();
  for (const [flag, value] of Object.entries(FEATURE_FLAGS)) app.node.setContext(flag, value);
  const env = { region: config.region, ...(config.account ? { account: config.account } : {}) };
  const regions = otherRegions(config).map(
    (region) =>
      new RegionStack(app, stackNames.region(config, region), {
        config,
        region,
        ...withDestination(config, region),
        forwardRdsEvents: true,
        description: `Holdfast (${config.name}) in ${region}: copy destination and aws.rds event forwarding`,
      }),
  );
  const stateful = new StatefulStack(app, stackNames.stateful(config), {
    env,
    config,
    description: `Holdfast (${config.name}): table, artifact bucket, key, event bus`,
  });
  for (const r of regions) stateful.addStackDependency(r, 'replication names the replica buckets');
  const agents = new AgentsStack(app, stackNames.agents(config), {
    env,
    config,
    policies: policies.map((p) => p.value),
    projectRoot,
    key: stateful.key,
    table: stateful.table,
    bucket: stateful.bucket,
    bus: stateful.bus,
    ...(opts.entries ? { entries: opts.entries } : {}),
    description: `Holdfast (${config.name}): functions, triggers, cluster access, alarms`,
  });
  const clusterAccess = clusterRegions(config).map((region) => {
    const stack = new ClusterAccessStack(app, stackNames.clusterAccess(config, region), {
      config,
      region,
      clusters: config.clusters.filter((c) => c.region === region),
      description: `Holdfast (${config.name}): EKS access entries in ${region}`,
    });
    stack.addStackDependency(agents, 'access entries name the handler roles');
    return stack;
  });
  Tags.of(app).add('holdfast:deployment', config.name);
  if (opts.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HoldfastAcknowledgements());
  }
  return { app, regions, stateful, agents, clusterAccess };
}

/** Regions other than the deployment region that receive copies or host databases. */
function otherRegions(config: HoldfastConfig): string[] {
  return unique([...destinationRegions(config), ...databaseRegions(config)]).filter((r) => r !== config.region);
}

function withDestination(config: HoldfastConfig, region: string) {
  const destination = config.destinations.find((d) => d.region === region);
  return destination ? { destination } : {};
}

function clusterRegions(config: HoldfastConfig): string[] {
  return unique(
    config.clusters.filter((c) => c.access === 'access-entry' && c.region !== config.region).map((c) => c.region),
  );
}

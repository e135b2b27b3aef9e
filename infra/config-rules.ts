/**
 * Config rules that span several fields (each field alone is checked in config.ts): names are unique, private
 * clusters have a network in the deployment region, copy keys live in their destination region and account.
 */
import { parseKmsKeyArn } from '../shared/policy/aws-names.js';
import type { HoldfastConfig } from './config.js';

export interface ConfigIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint: string;
}

type Rule = (config: HoldfastConfig) => ConfigIssue[];

export function checkConfig(config: HoldfastConfig): ConfigIssue[] {
  return [uniqueNames, privateClustersHaveNetwork, networkShape, destinationsElsewhere, keysInPlace].flatMap((rule) =>
    rule(config),
  );
}

function duplicates<T>(items: readonly T[], key: (item: T) => string, path: string, what: string): ConfigIssue[] {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const k = key(item);
    if (!seen.has(k)) {
      seen.add(k);
      return [];
    }
    return [{ path: [path, i], message: `${what} "${k}" is listed twice`, hint: 'list each one once' }];
  });
}

const uniqueNames: Rule = (c) => [
  ...duplicates(c.clusters, (x) => x.name, 'clusters', 'cluster'),
  ...duplicates(c.databases, (x) => `${x.kind} ${x.id} in ${x.region ?? c.region}`, 'databases', 'database'),
  ...duplicates(c.destinations, (x) => x.region, 'destinations', 'destination region'),
  ...duplicates(c.locations, (x) => x.name, 'locations', 'location'),
];

const privateClustersHaveNetwork: Rule = (c) =>
  c.clusters.flatMap((cluster, i): ConfigIssue[] => {
    if (cluster.endpoint !== 'private') return [];
    if (!c.network) {
      return [
        {
          path: ['clusters', i, 'endpoint'],
          message: `cluster "${cluster.name}" has a private endpoint but the config has no network`,
          hint: 'add network: the VPC (or a connected one) and private subnets the functions run in',
        },
      ];
    }
    if (cluster.region !== c.region) {
      return [
        {
          path: ['clusters', i, 'region'],
          message: `private cluster "${cluster.name}" is in ${cluster.region}, the functions in ${c.region}`,
          hint: `Lambda reaches a private endpoint only from a VPC in its own region: deploy with region: ${cluster.region}`,
        },
      ];
    }
    return [];
  });

const networkShape: Rule = ({ network: n }) => {
  if (!n) return [];
  const issues: ConfigIssue[] = [];
  if (n.privateSubnetIds.length % n.availabilityZones.length !== 0) {
    issues.push({
      path: ['network', 'privateSubnetIds'],
      message: `${n.privateSubnetIds.length} subnets over ${n.availabilityZones.length} availability zones`,
      hint: 'list the same number of subnets in each availability zone, in availabilityZones order',
    });
  }
  if (n.privateSubnetRouteTableIds.length !== n.privateSubnetIds.length) {
    issues.push({
      path: ['network', 'privateSubnetRouteTableIds'],
      message: 'needs one route table per subnet',
      hint: 'list the route table of each subnet in privateSubnetIds, in the same order',
    });
  }
  return issues;
};

const destinationsElsewhere: Rule = (c) =>
  c.destinations.flatMap((d, i): ConfigIssue[] =>
    d.region === c.region
      ? [
          {
            path: ['destinations', i, 'region'],
            message: `destination ${d.region} is the deployment region`,
            hint: 'destinations are other regions that receive copies; remove this one',
          },
        ]
      : [],
  );

const keysInPlace: Rule = (c) => {
  const check = (arn: string | undefined, region: string, path: (string | number)[]): ConfigIssue[] => {
    const key = arn ? parseKmsKeyArn(arn) : undefined;
    if (!key) return [];
    const issues: ConfigIssue[] = [];
    if (key.region !== region) {
      issues.push({
        path,
        message: `the key is in ${key.region}, not ${region}`,
        hint: `KMS keys are regional: use a key in ${region}`,
      });
    }
    if (c.account && key.account !== c.account) {
      issues.push({
        path,
        message: `the key is in account ${key.account}, not ${c.account}`,
        hint: 'use a key of the deployment account (cross-account copies are not supported yet)',
      });
    }
    return issues;
  };
  return [
    ...c.destinations.flatMap((d, i) => check(d.kmsKeyArn, d.region, ['destinations', i, 'kmsKeyArn'])),
    ...c.databases.flatMap((d, i) => check(d.kmsKeyArn, d.region ?? c.region, ['databases', i, 'kmsKeyArn'])),
    ...c.locations.flatMap((l, i) => check(l.kmsKeyArn, c.region, ['locations', i, 'kmsKeyArn'])),
  ];
};

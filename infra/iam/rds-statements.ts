/**
 * RDS permissions per capability (infra/handlers.ts `RdsCapability`). Mutations are scoped to the configured DB
 * instances and clusters and to resources named `holdfast-*`, in the regions where they live: the databases' regions
 * for snapshots, the destination regions for copies. Parameter, option and subnet groups are only read by restores
 * and are not scoped by name (Holdfast restores with the groups the source used).
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { HoldfastConfig } from '../config.js';
import type { RdsCapability } from '../handlers.js';
import { type Arns, databaseRegions, destinationRegions, unique } from './arns.js';

export interface RdsStatementProps {
  readonly config: HoldfastConfig;
  readonly arns: Arns;
  /** Role RDS assumes to write S3 exports; `export` passes it. */
  readonly exportRoleArn?: string;
}

type Builder = (p: RdsStatementProps) => PolicyStatement[];

export function rdsStatements(capabilities: readonly RdsCapability[], props: RdsStatementProps): PolicyStatement[] {
  if (capabilities.length === 0) return [];
  const statements = capabilities.flatMap((c) => BUILDERS[c](props));
  return [...statements, ...describeStatements(props)].filter((s) => s.resources.length > 0);
}

function statement(sid: string, actions: string[], resources: string[]): PolicyStatement {
  return new PolicyStatement({ sid, actions, resources: unique(resources) });
}

function instances(p: RdsStatementProps): string[] {
  return p.config.databases.filter((d) => d.kind === 'instance').map((d) => p.arns.database(d, p.config.region));
}

function clusters(p: RdsStatementProps): string[] {
  return p.config.databases.filter((d) => d.kind === 'cluster').map((d) => p.arns.database(d, p.config.region));
}

const snapshot: Builder = (p) => {
  const regions = databaseRegions(p.config);
  const own = [...p.arns.rdsOwned(regions, 'snapshot'), ...p.arns.rdsOwned(regions, 'cluster-snapshot')];
  const hasInstances = instances(p).length > 0;
  const hasClusters = clusters(p).length > 0;
  return [
    statement(
      'SnapshotInstances',
      ['rds:CreateDBSnapshot'],
      hasInstances ? [...instances(p), ...p.arns.rdsOwned(regions, 'snapshot')] : [],
    ),
    statement(
      'SnapshotClusters',
      ['rds:CreateDBClusterSnapshot'],
      hasClusters ? [...clusters(p), ...p.arns.rdsOwned(regions, 'cluster-snapshot')] : [],
    ),
    statement('TagSnapshots', ['rds:AddTagsToResource'], own),
  ];
};

const copy: Builder = (p) => {
  if (p.config.destinations.length === 0) return [];
  const regions = unique([...databaseRegions(p.config), ...destinationRegions(p.config)]);
  const targets = destinationRegions(p.config);
  return [
    statement('CopySnapshots', ['rds:CopyDBSnapshot'], p.arns.rdsOwned(regions, 'snapshot')),
    statement('CopyClusterSnapshots', ['rds:CopyDBClusterSnapshot'], p.arns.rdsOwned(regions, 'cluster-snapshot')),
    statement(
      'TagCopies',
      ['rds:AddTagsToResource'],
      [...p.arns.rdsOwned(targets, 'snapshot'), ...p.arns.rdsOwned(targets, 'cluster-snapshot')],
    ),
  ];
};

const exportToS3: Builder = (p) => {
  const regions = databaseRegions(p.config);
  const out = [
    statement(
      'ExportSnapshots',
      ['rds:StartExportTask'],
      [...p.arns.rdsOwned(regions, 'snapshot'), ...p.arns.rdsOwned(regions, 'cluster-snapshot')],
    ),
    // DescribeExportTasks has no resource-level permissions: it lists export task metadata only.
    statement('DescribeExports', ['rds:DescribeExportTasks'], ['*']),
  ];
  if (p.exportRoleArn) {
    out.push(
      new PolicyStatement({
        sid: 'PassExportRole',
        actions: ['iam:PassRole'],
        resources: [p.exportRoleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'export.rds.amazonaws.com' } },
      }),
    );
  }
  return out;
};

/** Restores read these; Holdfast uses the groups the source database used. */
function groups(p: RdsStatementProps, regions: readonly string[]): string[] {
  return (['og', 'pg', 'cluster-pg', 'subgrp'] as const).flatMap((t) => regions.map((r) => p.arns.rds(r, t, '*')));
}

const temporaryInstance: Builder = (p) => {
  const regions = databaseRegions(p.config);
  const own = p.arns.rdsOwned(regions, 'db');
  return [
    statement(
      'RestoreTemporaryInstance',
      ['rds:RestoreDBInstanceFromDBSnapshot'],
      [...own, ...p.arns.rdsOwned(regions, 'snapshot'), ...groups(p, regions)],
    ),
    statement(
      'ManageTemporaryInstance',
      ['rds:DeleteDBInstance', 'rds:AddTagsToResource', 'rds:DescribeDBInstances'],
      own,
    ),
  ];
};

const restore: Builder = (p) => {
  const regions = unique([...databaseRegions(p.config), ...destinationRegions(p.config)]);
  const ownDbs = p.arns.rdsOwned(regions, 'db');
  const ownClusters = p.arns.rdsOwned(regions, 'cluster');
  // An Aurora restore creates the cluster's instances: named after the cluster or holdfast-*.
  const clusterInstances = p.config.databases
    .filter((d) => d.kind === 'cluster')
    .map((d) => p.arns.rds(d.region ?? p.config.region, 'db', `${d.id}-*`));
  return [
    statement(
      'RestoreInstances',
      ['rds:RestoreDBInstanceFromDBSnapshot'],
      [...instances(p), ...ownDbs, ...p.arns.rdsOwned(regions, 'snapshot'), ...groups(p, regions)],
    ),
    statement(
      'RestoreClusters',
      ['rds:RestoreDBClusterFromSnapshot'],
      [...clusters(p), ...ownClusters, ...p.arns.rdsOwned(regions, 'cluster-snapshot'), ...groups(p, regions)],
    ),
    statement(
      'CreateClusterInstances',
      ['rds:CreateDBInstance'],
      [...clusterInstances, ...ownDbs, ...clusters(p), ...ownClusters, ...groups(p, regions)],
    ),
    statement(
      'TagRestored',
      ['rds:AddTagsToResource'],
      [...instances(p), ...clusters(p), ...clusterInstances, ...ownDbs, ...ownClusters],
    ),
    statement(
      'DescribeRestored',
      ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
      [...clusterInstances, ...ownDbs, ...ownClusters],
    ),
  ];
};

const remove: Builder = (p) => {
  const regions = unique([...databaseRegions(p.config), ...destinationRegions(p.config)]);
  return [
    statement('DeleteSnapshots', ['rds:DeleteDBSnapshot'], p.arns.rdsOwned(regions, 'snapshot')),
    statement('DeleteClusterSnapshots', ['rds:DeleteDBClusterSnapshot'], p.arns.rdsOwned(regions, 'cluster-snapshot')),
  ];
};

/** Every RDS role reads the state of the configured databases and of Holdfast's own snapshots, wherever they are. */
function describeStatements(p: RdsStatementProps): PolicyStatement[] {
  const regions = unique([...databaseRegions(p.config), ...destinationRegions(p.config)]);
  return [
    statement(
      'DescribeDatabases',
      ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
      [...instances(p), ...clusters(p)],
    ),
    statement(
      'DescribeSnapshots',
      ['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots'],
      [
        ...instances(p),
        ...clusters(p),
        ...p.arns.rdsOwned(regions, 'snapshot'),
        ...p.arns.rdsOwned(regions, 'cluster-snapshot'),
      ],
    ),
  ];
}

const BUILDERS: Record<RdsCapability, Builder> = {
  snapshot,
  copy,
  export: exportToS3,
  'temporary-instance': temporaryInstance,
  restore,
  delete: remove,
};

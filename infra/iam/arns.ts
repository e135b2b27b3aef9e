/**
 * ARNs of things the config names, built from the deployment's partition and account (tokens when the stack is
 * account-agnostic). Kept as plain strings so statements can be asserted in tests exactly as they deploy.
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DatabaseConfig, HoldfastConfig } from '../config.js';
import { RDS_NAME_PREFIX } from '../names.js';

export type RdsResourceType =
  | 'db'
  | 'cluster'
  | 'snapshot'
  | 'cluster-snapshot'
  | 'og'
  | 'pg'
  | 'cluster-pg'
  | 'subgrp';

export class Arns {
  constructor(
    readonly partition: string,
    readonly account: string,
  ) {}

  static of(scope: IConstruct): Arns {
    const stack = Stack.of(scope);
    return new Arns(stack.partition, stack.account);
  }

  rds(region: string, type: RdsResourceType, name: string): string {
    return `arn:${this.partition}:rds:${region}:${this.account}:${type}:${name}`;
  }

  /** Every `holdfast-*` resource of a type in each region. */
  rdsOwned(regions: readonly string[], type: RdsResourceType): string[] {
    return regions.map((r) => this.rds(r, type, `${RDS_NAME_PREFIX}*`));
  }

  database(db: DatabaseConfig, primaryRegion: string): string {
    return this.rds(db.region ?? primaryRegion, db.kind === 'instance' ? 'db' : 'cluster', db.id);
  }

  eksCluster(region: string, name: string): string {
    return `arn:${this.partition}:eks:${region}:${this.account}:cluster/${name}`;
  }

  /** Secrets Manager appends `-` and six random characters to a secret's name in its ARN. */
  secret(region: string, nameOrArn: string): string {
    if (nameOrArn.startsWith('arn:')) return nameOrArn;
    if (nameOrArn.startsWith('/')) return `arn:${this.partition}:ssm:${region}:${this.account}:parameter${nameOrArn}`;
    return `arn:${this.partition}:secretsmanager:${region}:${this.account}:secret:${nameOrArn}-??????`;
  }

  /** Keys Holdfast created in a region, matched through their alias (their ARNs are not known before deploy). */
  anyKey(region: string): string {
    return `arn:${this.partition}:kms:${region}:${this.account}:key/*`;
  }
}

/** Regions of the configured databases (the deployment region when none is given). */
export function databaseRegions(config: HoldfastConfig): string[] {
  return unique(config.databases.map((d) => d.region ?? config.region));
}

export function destinationRegions(config: HoldfastConfig): string[] {
  return unique(config.destinations.map((d) => d.region));
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

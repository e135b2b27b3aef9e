/**
 * Access entries for clusters in a region other than the deployment region (an access entry is created in its
 * cluster's region). The roles are named, not referenced, so this stack deploys after the agents stack.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ClusterConfig, HoldfastConfig } from '../config.js';
import { ClusterAccess, type ClusterPrincipal } from '../constructs/cluster-access.js';
import { handlers } from '../handlers.js';
import { roleArn } from '../names.js';

export interface ClusterAccessStackProps extends StackProps {
  readonly config: HoldfastConfig;
  readonly region: string;
  readonly clusters: readonly ClusterConfig[];
}

export class ClusterAccessStack extends Stack {
  constructor(scope: Construct, id: string, props: ClusterAccessStackProps) {
    super(scope, id, {
      ...props,
      env: { region: props.region, ...(props.config.account ? { account: props.config.account } : {}) },
    });
    const principals: ClusterPrincipal[] = handlers.flatMap((h) =>
      h.needs.cluster
        ? [
            {
              handler: h.name,
              role: h.needs.cluster,
              roleArn: roleArn(props.config, h.name, this.partition, this.account),
            },
          ]
        : [],
    );
    for (const cluster of props.clusters) {
      if (cluster.access === 'access-entry') new ClusterAccess(this, cluster.name, { cluster, principals });
    }
  }
}

/**
 * EKS access entries for the handler roles that talk to a cluster. With `accessPolicy: rbac` (the default) a role is
 * mapped to a Kubernetes group (`holdfast-runners` or `holdfast-readers`) that the RBAC from
 * `npx tsx infra/print-rbac.ts` binds in the configured namespaces only; with `eks-edit` it gets AmazonEKSEditPolicy
 * (runners) or AmazonEKSViewPolicy (readers) scoped to those namespaces. Clusters on the aws-auth ConfigMap get no
 * entry: docs/deploy.md shows the mapRoles lines instead.
 */
import { Stack } from 'aws-cdk-lib';
import { CfnAccessEntry } from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import type { ClusterConfig } from '../config.js';

export type ClusterRole = 'reader' | 'runner';

export const KUBERNETES_GROUPS: Record<ClusterRole, string> = {
  runner: 'holdfast-runners',
  reader: 'holdfast-readers',
};

const EKS_POLICIES: Record<ClusterRole, string> = {
  runner: 'AmazonEKSEditPolicy',
  reader: 'AmazonEKSViewPolicy',
};

export interface ClusterPrincipal {
  readonly handler: string;
  readonly roleArn: string;
  readonly role: ClusterRole;
}

export interface ClusterAccessProps {
  readonly cluster: ClusterConfig;
  readonly principals: readonly ClusterPrincipal[];
}

export class ClusterAccess extends Construct {
  readonly entries: CfnAccessEntry[];

  constructor(scope: Construct, id: string, props: ClusterAccessProps) {
    super(scope, id);
    const { cluster } = props;
    const partition = Stack.of(this).partition;
    this.entries = props.principals.map(
      (p) =>
        new CfnAccessEntry(this, p.handler, {
          clusterName: cluster.name,
          principalArn: p.roleArn,
          type: 'STANDARD',
          ...(cluster.accessPolicy === 'rbac'
            ? { kubernetesGroups: [KUBERNETES_GROUPS[p.role]] }
            : {
                accessPolicies: [
                  {
                    policyArn: `arn:${partition}:eks::aws:cluster-access-policy/${EKS_POLICIES[p.role]}`,
                    accessScope: { type: 'namespace', namespaces: [...cluster.namespaces] },
                  },
                ],
              }),
        }),
    );
  }
}

/**
 * Access to a configured cluster's API server, built once per container: EKS (DescribeCluster for endpoint and CA,
 * IAM token) or a cluster reached by URL. The trigger and invoke need only this, not the other edge clients.
 */
import { EKSClient } from '@aws-sdk/client-eks';
import type { KubeAccess } from '../../shared/functions/ports.js';
import { eksKubeAccess } from '../../shared/kube/eks-access.js';
import { kubeAccessFromServer } from '../../shared/kube/kubeconfig.js';
import { ConfigurationError, env } from './env.js';

const kubeByCluster = new Map<string, Promise<KubeAccess>>();

export function kubeAccess(cluster: string): Promise<KubeAccess> {
  let access = kubeByCluster.get(cluster);
  if (!access) {
    const c = env('HOLDFAST_CLUSTERS').find((x) => x.name === cluster);
    if (!c)
      throw new ConfigurationError(`cluster ${cluster} is not in this stack's configuration; add it and redeploy`);
    access = c.server
      ? Promise.resolve(
          kubeAccessFromServer({ server: c.server, caData: c.caData, skipTLSVerify: c.server.startsWith('http://') }),
        )
      : eksKubeAccess({ clusterName: c.name, region: c.region, eks: new EKSClient({ region: c.region }) });
    access.catch(() => kubeByCluster.delete(cluster));
    kubeByCluster.set(cluster, access);
  }
  return access;
}

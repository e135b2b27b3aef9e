import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeApi, startKubeApi } from '../../../local/kube-api/server.js';
import type { KubeAccess } from '../../../shared/functions/ports.js';
import { kubeApis, kubeCall } from '../../../shared/kube/api.js';
import { EKS_IAM_USER, eksKubeAccess } from '../../../shared/kube/eks-access.js';
import { EksTokenSource, signEksToken } from '../../../shared/kube/eks-token.js';
import { EksAuthError, KubeApiError } from '../../../shared/kube/errors.js';
import { execInPod } from '../../../shared/kube/exec.js';
import { eventually } from '../../support/kube.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const start = new Date('2026-03-01T10:00:00Z');
let now = start;
const tokenOptions = { clusterName: 'prod', region: 'us-west-2', credentials, now: () => now };

let api: KubeApi;
let access: KubeAccess;
const eks = mockClient(EKSClient);
const signal = new AbortController().signal;

beforeAll(async () => {
  // The local server accepts exactly the token signed at `start`, as an EKS endpoint accepts a valid one.
  const { token } = await signEksToken(tokenOptions);
  api = await startKubeApi({ token });
  eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({
    cluster: { name: 'prod', endpoint: api.url, certificateAuthority: { data: 'LS0tLS1CRUdJTi1DQQ==' } },
  });
  access = await eksKubeAccess({
    clusterName: 'prod',
    region: 'us-west-2',
    eks: new EKSClient({ region: 'us-west-2' }),
    tokens: new EksTokenSource(tokenOptions),
  });
  // The local server speaks plain HTTP, which client-node only allows with skipTLSVerify.
  const [cluster] = access.config.clusters;
  if (cluster) access.config.clusters = [{ ...cluster, skipTLSVerify: true }];
});

afterAll(async () => {
  await api?.close();
  eks.restore();
});

const listNamespaces = () => {
  const apis = kubeApis(access.config, { signal });
  return kubeCall('list namespaces', { signal, idempotent: false }, () => apis.core.listNamespace());
};

describe('eksKubeAccess', () => {
  it('takes the endpoint and CA from eks:DescribeCluster', () => {
    const cluster = access.config.getCurrentCluster();
    expect(cluster?.server).toBe(api.url);
    expect(cluster?.caData).toBe('LS0tLS1CRUdJTi1DQQ==');
    expect(access.config.getCurrentUser()?.name).toBe(EKS_IAM_USER);
  });

  it('authenticates REST requests and exec WebSockets with the IAM token', async () => {
    expect((await listNamespaces()).items.length).toBeGreaterThan(0);
    const apis = kubeApis(access.config, { signal });
    await apis.core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
    });
    await eventually(
      async () => (await apis.core.readNamespacedPod({ namespace: 'default', name: 'p' })).status?.phase === 'Running',
    );
    await execInPod(access.config, { namespace: 'default', pod: 'p', command: ['true'], signal });
  });

  it('keeps using the token for 14 minutes, then sends a freshly signed one', async () => {
    now = new Date(start.getTime() + 13 * 60_000);
    expect((await listNamespaces()).items.length).toBeGreaterThan(0);
    now = new Date(start.getTime() + 14 * 60_000);
    // The stand-in server knows only the first token: a 401 proves the new one was sent.
    const error = await listNamespaces().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).status).toBe(401);
    now = start;
  });

  it('says which cluster could not be described', async () => {
    eks.on(DescribeClusterCommand, { name: 'gone' }).rejects(new Error('No cluster found for name: gone.'));
    const error = await eksKubeAccess({ clusterName: 'gone', region: 'us-west-2', eks: new EKSClient({}) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EksAuthError);
    expect((error as Error).message).toBe('eks:DescribeCluster gone: No cluster found for name: gone.');
  });
});

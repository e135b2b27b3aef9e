/**
 * The Kubernetes RBAC behind the access entries' groups (`accessPolicy: rbac`): per configured namespace, a Role and
 * RoleBinding for `holdfast-runners` (the run functions and the watchdog: hooks, snapshots, restores) and for
 * `holdfast-readers` (trigger and invoke: selecting subjects); and cluster-wide read of what selection and capture
 * need outside namespaces. `npx tsx infra/print-rbac.ts` prints it for `kubectl apply -f -`.
 */
import { stringify } from 'yaml';
import type { ClusterConfig } from './config.js';
import { type ClusterRole, KUBERNETES_GROUPS } from './constructs/cluster-access.js';

interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];

/** Namespaced rules per group. Runners also re-apply captured manifests, so they write the common app kinds. */
export const NAMESPACE_RULES: Record<ClusterRole, PolicyRule[]> = {
  reader: [
    { apiGroups: [''], resources: ['pods', 'configmaps', 'persistentvolumeclaims'], verbs: READ },
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'replicasets', 'daemonsets'], verbs: READ },
    { apiGroups: ['apps.openshift.io'], resources: ['deploymentconfigs'], verbs: READ },
  ],
  runner: [
    // Manifest capture reads every namespaced kind in the namespace.
    { apiGroups: ['*'], resources: ['*'], verbs: READ },
    { apiGroups: [''], resources: ['pods/exec', 'pods/attach'], verbs: ['create', 'get'] },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods/proxy', 'services/proxy'], verbs: ['get', 'create'] },
    {
      apiGroups: [''],
      resources: ['pods', 'configmaps', 'secrets', 'services', 'serviceaccounts', 'persistentvolumeclaims'],
      verbs: WRITE,
    },
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: WRITE },
    { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
    { apiGroups: ['apps.openshift.io'], resources: ['deploymentconfigs', 'deploymentconfigs/scale'], verbs: WRITE },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: WRITE },
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: WRITE },
  ],
};

/** Cluster-scoped reads: namespaces by label, snapshot and storage classes, Kanister blueprints when installed. */
export const CLUSTER_RULES: Record<ClusterRole, PolicyRule[]> = {
  reader: [{ apiGroups: [''], resources: ['namespaces'], verbs: READ }],
  runner: [
    { apiGroups: [''], resources: ['namespaces'], verbs: READ },
    { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: READ },
    {
      apiGroups: ['snapshot.storage.k8s.io'],
      resources: ['volumesnapshotclasses', 'volumesnapshotcontents'],
      verbs: READ,
    },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get'] },
    { apiGroups: ['cr.kanister.io'], resources: ['blueprints'], verbs: READ },
  ],
};

const ROLES: readonly ClusterRole[] = ['runner', 'reader'];

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, role: ClusterRole, namespace?: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}), labels: { 'app.kubernetes.io/managed-by': 'holdfast' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole', name },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: KUBERNETES_GROUPS[role] }],
  };
}

/** The RBAC objects for one cluster, as plain Kubernetes objects. */
export function rbacObjects(cluster: ClusterConfig): object[] {
  const labels = { 'app.kubernetes.io/managed-by': 'holdfast' };
  const out: object[] = [];
  for (const role of ROLES) {
    const name = `holdfast-${role}`;
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels },
      rules: CLUSTER_RULES[role],
    });
    out.push(binding('ClusterRoleBinding', name, role));
    for (const namespace of cluster.namespaces) {
      out.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name, namespace, labels },
        rules: NAMESPACE_RULES[role],
      });
      out.push(binding('RoleBinding', name, role, namespace));
    }
  }
  return out;
}

/** Multi-document YAML for `kubectl apply -f -`. */
export function renderRbac(cluster: ClusterConfig): string {
  const header = `# Holdfast RBAC for cluster ${cluster.name} (${cluster.region}): apply with kubectl against that cluster.\n`;
  return (
    header +
    rbacObjects(cluster)
      .map((o) => `---\n${stringify(o, { aliasDuplicateObjects: false })}`)
      .join('')
  );
}

/**
 * Example Holdfast deployment config: copy to `holdfast.config.ts` (which `cdk synth`/`cdk deploy` read first) and
 * put in your own account, clusters and databases. Every field is documented in infra/config.ts; `npx cdk synth`
 * reports a wrong or missing field with the path and what to write. This example matches the policies in
 * `policies/` and the sample objects in `examples/objects/`.
 */
import { defineConfig } from './infra/config.js';

export const config = defineConfig({
  name: 'holdfast',
  account: '123456789012',
  region: 'us-west-2',
  clusters: [
    {
      name: 'demo-eks',
      region: 'us-west-2',
      // Holdfast gets access to these namespaces only.
      namespaces: ['animalai', 'pacman', 'pgtestrds'],
      // access-entry: EKS access entries (cluster authentication mode API or API_AND_CONFIG_MAP).
      // aws-auth: no access entry; map the role ARNs the agents stack outputs (docs/deploy.md).
      access: 'access-entry',
      // rbac: Kubernetes groups bound by `npx tsx infra/print-rbac.ts | kubectl apply -f -`.
      accessPolicy: 'rbac',
      endpoint: 'public',
    },
  ],
  // RDS instances and Aurora clusters Holdfast may snapshot and restore (policies may read their ids from ConfigMaps).
  databases: [{ id: 'test-postgresql-instance', kind: 'instance' }],
  // Locations (Kanister profiles): the stack's artifact bucket by default; add existing buckets with bucket/prefix.
  locations: [{ name: 'default', prefix: 'holdfast/' }],
  // Regions receiving snapshot copies (and a replica of the artifact bucket), with the KMS key used there.
  destinations: [
    {
      region: 'us-east-1',
      kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      replicateArtifacts: true,
    },
  ],
  // Secrets Manager secret names and SSM parameter names ("/…") the notify function may read.
  notifications: {
    secretNames: ['holdfast/slack-webhook-url', '/holdfast/pacman/webhook-url', '/holdfast/pacman/webhook-hmac-key'],
  },
  policiesDir: 'policies',
  blueprintsDir: 'blueprints',
  artifacts: { noncurrentVersionDays: 30 },
  logRetentionDays: 90,
  removalPolicy: 'retain',
});

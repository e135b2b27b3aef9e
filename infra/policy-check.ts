/**
 * Checks the policies against the deployment config: every role is scoped to what the config lists, so a policy that
 * names a cluster, namespace, database, copy key, export target or secret the config does not list would fail at run
 * time with AccessDenied. It fails at synth instead, pointing at the policy line and saying what to add where.
 */
import type { PathSegment } from '../shared/blueprint/diagnostics.js';
import { formatPath } from '../shared/blueprint/diagnostics.js';
import type { Sourced } from '../shared/blueprint/load.js';
import { parseKmsKeyArn } from '../shared/policy/aws-names.js';
import type { Policy } from '../shared/policy/schema.js';
import type { HoldfastConfig } from './config.js';
import type { InfraProblem } from './errors.js';
import { exportRoleName, keyAlias } from './names.js';

type Issue = { readonly path: PathSegment[]; readonly message: string; readonly hint: string };
type Rule = (policy: Policy, config: HoldfastConfig) => Issue[];

const CONFIG = 'holdfast.config.ts';

export function checkPolicies(policies: readonly Sourced<Policy>[], config: HoldfastConfig): InfraProblem[] {
  return policies.flatMap(({ value, source }) =>
    [clustersListed, namespacesListed, databasesListed, copiesConfigured, s3ExportTargets, secretsListed]
      .flatMap((rule) => rule(value, config))
      .map((issue) => {
        const at = source.locate(issue.path);
        return {
          file: `${source.file}:${at.line}:${at.column}`,
          path: formatPath(issue.path),
          message: issue.message,
          hint: issue.hint,
        };
      }),
  );
}

const clustersListed: Rule = (policy, config) =>
  policy.spec.subjects.clusters.flatMap((c, i): Issue[] => {
    const listed = config.clusters.find((k) => k.name === c.name);
    if (listed && listed.region === c.region) return [];
    return [
      {
        path: ['spec', 'subjects', 'clusters', i],
        message: listed
          ? `cluster "${c.name}" is in ${listed.region} in the config, ${c.region} here`
          : `cluster "${c.name}" is not in the config`,
        hint: `add { name: '${c.name}', region: '${c.region}', namespaces: [...] } to clusters in ${CONFIG}`,
      },
    ];
  });

const namespacesListed: Rule = (policy, config) => {
  const s = policy.spec.subjects;
  const allowed = new Set(
    config.clusters.filter((c) => s.clusters.some((p) => p.name === c.name)).flatMap((c) => c.namespaces),
  );
  const named: [PathSegment[], string][] = [
    ...(s.namespaces?.names ?? []).map((n, i): [PathSegment[], string] => [
      ['spec', 'subjects', 'namespaces', 'names', i],
      n,
    ]),
    ...(s.workloads?.refs ?? []).map((r, i): [PathSegment[], string] => [
      ['spec', 'subjects', 'workloads', 'refs', i, 'namespace'],
      r.namespace,
    ]),
    ...(s.rds ?? []).flatMap((r, i): [PathSegment[], string][] => {
      const ns = r.configMap?.namespace ?? r.namespace;
      return ns ? [[['spec', 'subjects', 'rds', i], ns]] : [];
    }),
  ];
  return named
    .filter(([, ns]) => !allowed.has(ns))
    .map(([path, ns]) => ({
      path,
      message: `namespace "${ns}" is not among the cluster's namespaces in the config`,
      hint: `add '${ns}' to the cluster's namespaces in ${CONFIG}: cluster access is granted per namespace`,
    }));
};

const databasesListed: Rule = (policy, config) => {
  const s = policy.spec.subjects;
  return (s.rds ?? []).flatMap((r, i): Issue[] => {
    const path: PathSegment[] = ['spec', 'subjects', 'rds', i];
    const kind = r.clusterId || r.type === 'cluster' ? 'cluster' : 'instance';
    if (r.configMap) {
      return config.databases.some((d) => d.kind === kind)
        ? []
        : [
            {
              path,
              message: `the DB ${kind} id comes from ConfigMap ${r.configMap.namespace}/${r.configMap.name}, and the config lists no DB ${kind}`,
              hint: `add { id: '<the id in that ConfigMap>', kind: '${kind}' } to databases in ${CONFIG}`,
            },
          ];
    }
    const id = r.instanceId ?? r.clusterId ?? '';
    const cluster = s.clusters.find((c) => c.name === r.cluster) ?? s.clusters[0];
    const region = r.region ?? cluster?.region ?? config.region;
    const listed = config.databases.some(
      (d) => d.id === id && d.kind === kind && (d.region ?? config.region) === region,
    );
    return listed
      ? []
      : [
          {
            path,
            message: `DB ${kind} "${id}" in ${region} is not in the config`,
            hint: `add { id: '${id}', kind: '${kind}', region: '${region}' } to databases in ${CONFIG}`,
          },
        ];
  });
};

const copiesConfigured: Rule = (policy, config) =>
  (policy.spec.exports?.copies ?? []).flatMap((copy, i): Issue[] => {
    const path: PathSegment[] = ['spec', 'exports', 'copies', i];
    const dest = config.destinations.find((d) => d.region === copy.region);
    if (!dest) {
      return [
        {
          path,
          message: `copies go to ${copy.region}, which is not a destination in the config`,
          hint: `add { region: '${copy.region}', kmsKeyArn: '${copy.kmsKeyArn}' } to destinations in ${CONFIG}`,
        },
      ];
    }
    const expected = dest.kmsKeyArn ?? `arn:<partition>:kms:${dest.region}:<account>:${keyAlias(config)}`;
    const key = parseKmsKeyArn(copy.kmsKeyArn);
    const ok = dest.kmsKeyArn ? copy.kmsKeyArn === dest.kmsKeyArn : key?.resource === keyAlias(config);
    return ok
      ? []
      : [
          {
            path: [...path, 'kmsKeyArn'],
            message: `the copy key is not the key the config gives ${dest.region}`,
            hint: `use ${expected}, or set this key as kmsKeyArn of destination ${dest.region} in ${CONFIG}`,
          },
        ];
  });

const s3ExportTargets: Rule = (policy, config) => {
  const s3 = policy.spec.exports?.s3;
  if (!s3) return [];
  const base: PathSegment[] = ['spec', 'exports', 's3'];
  const issues: Issue[] = [];
  const role = exportRoleName(config);
  if (!s3.iamRoleArn.endsWith(`:role/${role}`)) {
    issues.push({
      path: [...base, 'iamRoleArn'],
      message: 'is not the export role the stack creates',
      hint: `use arn:aws:iam::<account>:role/${role}`,
    });
  }
  const artifactBucket = new RegExp(`^${config.name}-artifacts-${config.account ?? '\\d{12}'}-${config.region}$`);
  if (!artifactBucket.test(s3.bucket) && !config.locations.some((l) => l.bucket === s3.bucket)) {
    issues.push({
      path: [...base, 'bucket'],
      message: `bucket "${s3.bucket}" is neither the artifact bucket nor a configured location`,
      hint: `use ${config.name}-artifacts-<account>-${config.region}, or add it to locations in ${CONFIG}`,
    });
  }
  const key = parseKmsKeyArn(s3.kmsKeyArn);
  const keyOk =
    (key?.region === config.region && key.resource === keyAlias(config)) ||
    config.locations.some((l) => l.kmsKeyArn === s3.kmsKeyArn);
  if (!keyOk) {
    issues.push({
      path: [...base, 'kmsKeyArn'],
      message: 'is not the deployment key',
      hint: `use arn:aws:kms:${config.region}:<account>:${keyAlias(config)}, the key the stateful stack creates`,
    });
  }
  return issues;
};

const secretsListed: Rule = (policy, config) => {
  const n = policy.spec.notifications;
  const named: [PathSegment[], string][] = [];
  if (n?.slack) named.push([['spec', 'notifications', 'slack', 'webhookUrlSecret'], n.slack.webhookUrlSecret]);
  if (n?.webhook) {
    named.push([['spec', 'notifications', 'webhook', 'urlSecret'], n.webhook.urlSecret]);
    named.push([['spec', 'notifications', 'webhook', 'hmacKeySecret'], n.webhook.hmacKeySecret]);
  }
  const allowed = new Set(config.notifications.secretNames);
  return named
    .filter(([, name]) => !allowed.has(name))
    .map(([path, name]) => ({
      path,
      message: `secret "${name}" is not in the config`,
      hint: `add '${name}' to notifications.secretNames in ${CONFIG}: notify may read only those`,
    }));
};

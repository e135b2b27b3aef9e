/**
 * Rules about a policy spec that span several fields (what each field means alone is in schema.ts): the policy
 * selects something, captures what it selects, names its RDS subjects unambiguously, and does not contradict itself.
 */
import type { PolicySpec } from './schema.js';

export interface SpecIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint: string;
}

type Rule = (spec: PolicySpec) => SpecIssue[];

export function checkPolicySpec(spec: PolicySpec): SpecIssue[] {
  return [selectsSomething, rdsSubjectsResolve, capturesSomething, capturesWhatItSelects, hooksHaveBlueprint]
    .concat([manifestKindsAgree, s3ExportNeedsSnapshot, uniqueNames])
    .flatMap((rule) => rule(spec));
}

const selectsSomething: Rule = ({ subjects: s }) =>
  s.namespaces || s.workloads?.annotated || s.workloads?.refs?.length || s.rds?.length
    ? []
    : [
        {
          path: ['subjects'],
          message: 'the policy selects nothing',
          hint: 'add namespaces, workloads (annotated: true or refs) or rds',
        },
      ];

const rdsSubjectsResolve: Rule = ({ subjects }) => {
  const clusters = subjects.clusters.map((c) => c.name);
  return (subjects.rds ?? []).flatMap((r, i): SpecIssue[] => {
    const at = (...p: (string | number)[]) => ['subjects', 'rds', i, ...p];
    const sources = [r.instanceId, r.clusterId, r.configMap].filter((x) => x !== undefined).length;
    if (sources !== 1) {
      return [
        {
          path: at(),
          message: sources === 0 ? 'names no database' : 'names more than one database',
          hint: 'set exactly one of instanceId, clusterId or configMap',
        },
      ];
    }
    const out: SpecIssue[] = [];
    if (r.configMap && r.namespace) {
      out.push({
        path: at('namespace'),
        message: 'not used with configMap',
        hint: "remove it: the ConfigMap's namespace is used",
      });
    }
    if (!r.configMap && r.type) {
      out.push({
        path: at('type'),
        message: 'only used with configMap',
        hint: 'instanceId and clusterId already say it',
      });
    }
    if (!r.configMap && !r.namespace) {
      out.push({
        path: at(),
        message: 'needs a namespace',
        hint: 'set namespace: the app namespace this database belongs to',
      });
    }
    if (r.cluster && !clusters.includes(r.cluster)) {
      out.push({
        path: at('cluster'),
        message: `unknown cluster "${r.cluster}"`,
        hint: `use one of ${clusters.join(', ')}`,
      });
    }
    if (!r.cluster && clusters.length > 1 && !r.configMap) {
      out.push({
        path: at(),
        message: 'needs a cluster',
        hint: `the policy has several clusters: set cluster to one of ${clusters.join(', ')}`,
      });
    }
    return out;
  });
};

const capturesSomething: Rule = ({ capture: c }) =>
  c.rdsSnapshot || c.csiSnapshots || c.manifests || c.blueprintBackup
    ? []
    : [
        {
          path: ['capture'],
          message: 'the policy captures nothing',
          hint: 'set rdsSnapshot, csiSnapshots, manifests or blueprintBackup',
        },
      ];

const capturesWhatItSelects: Rule = ({ subjects, capture }) => {
  const hasRds = (subjects.rds?.length ?? 0) > 0;
  if (hasRds && !capture.rdsSnapshot && !capture.blueprintBackup) {
    return [
      {
        path: ['subjects', 'rds'],
        message: 'RDS databases are selected but nothing captures them',
        hint: 'set capture.rdsSnapshot: true, or capture.blueprintBackup for a blueprint that dumps them',
      },
    ];
  }
  if (!hasRds && capture.rdsSnapshot) {
    return [
      {
        path: ['capture', 'rdsSnapshot'],
        message: 'no RDS database is selected',
        hint: 'add subjects.rds, or remove rdsSnapshot',
      },
    ];
  }
  return [];
};

const hooksHaveBlueprint: Rule = ({ hooks, subjects }) =>
  hooks && !hooks.blueprint && !subjects.workloads?.annotated
    ? [
        {
          path: ['hooks'],
          message: 'hooks name no blueprint',
          hint: 'set hooks.blueprint, or select annotated workloads (workloads.annotated: true) whose blueprint is used',
        },
      ]
    : [];

const manifestKindsAgree: Rule = ({ capture }) => {
  const m = capture.manifests;
  if (!m) return [];
  const out: SpecIssue[] = [];
  const both = (m.includeKinds ?? []).filter((k) => m.excludeKinds?.includes(k));
  if (both.length > 0) {
    out.push({
      path: ['capture', 'manifests', 'excludeKinds'],
      message: `${both.join(', ')} both included and excluded`,
      hint: 'list a kind in includeKinds or excludeKinds, not both',
    });
  }
  const secretAt = m.includeKinds?.indexOf('Secret') ?? -1;
  if (secretAt >= 0 && !m.secrets) {
    out.push({
      path: ['capture', 'manifests', 'includeKinds', secretAt],
      message: 'Secret is included but secrets is false',
      hint: 'set secrets: true to capture Secrets, or remove Secret from includeKinds',
    });
  }
  return out;
};

const s3ExportNeedsSnapshot: Rule = ({ exports, capture }) =>
  exports?.s3 && !capture.rdsSnapshot
    ? [
        {
          path: ['exports', 's3'],
          message: 'an S3 export exports an RDS snapshot, and the policy takes none',
          hint: 'set capture.rdsSnapshot: true, or remove exports.s3',
        },
      ]
    : [];

const uniqueNames: Rule = (spec) => [
  ...duplicates(
    spec.subjects.clusters.map((c) => c.name),
    ['subjects', 'clusters'],
    'name',
    'cluster',
  ),
  ...duplicates(spec.triggers?.schedules?.map((s) => s.name) ?? [], ['triggers', 'schedules'], 'name', 'schedule'),
  ...duplicates(spec.triggers?.events?.map((e) => e.name) ?? [], ['triggers', 'events'], 'name', 'event trigger'),
  ...duplicates(spec.exports?.copies?.map((c) => c.region) ?? [], ['exports', 'copies'], 'region', 'copy'),
];

function duplicates(values: (string | undefined)[], base: string[], field: string, what: string): SpecIssue[] {
  return values.flatMap((v, i) =>
    v !== undefined && values.indexOf(v) !== i
      ? [
          {
            path: [...base, i, field],
            message: `${what} "${v}" is listed twice`,
            hint: `give each ${what} its own ${field}`,
          },
        ]
      : [],
  );
}

import { describe, expect, it } from 'vitest';
import { type PolicyInput, policySchema } from '../../../shared/policy/schema.js';
import {
  BLUEPRINT_ANNOTATION,
  type ClusterInventory,
  configMapsToRead,
  matchesLabelSelector,
  resolveSubjects,
} from '../../../shared/policy/selectors.js';

describe('matchesLabelSelector', () => {
  const labels = { app: 'shop', tier: 'db' };

  it('matches everything with an empty selector, as Kubernetes does', () => {
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector({}, undefined)).toBe(true);
  });

  it('requires every matchLabels pair', () => {
    expect(matchesLabelSelector({ matchLabels: { app: 'shop' } }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'shop', tier: 'web' } }, labels)).toBe(false);
    expect(matchesLabelSelector({ matchLabels: { team: 'x' } }, labels)).toBe(false);
  });

  it.each([
    ['In', 'tier', ['db', 'cache'], true],
    ['In', 'tier', ['web'], false],
    ['In', 'missing', ['x'], false],
    ['NotIn', 'tier', ['web'], true],
    ['NotIn', 'tier', ['db'], false],
    ['NotIn', 'missing', ['x'], true],
    ['Exists', 'app', undefined, true],
    ['Exists', 'missing', undefined, false],
    ['DoesNotExist', 'missing', undefined, true],
    ['DoesNotExist', 'app', undefined, false],
  ] as const)('%s %s %j → %s', (operator, key, values, expected) => {
    const req = { key, operator, ...(values ? { values: [...values] } : {}) };
    expect(matchesLabelSelector({ matchExpressions: [req] }, labels)).toBe(expected);
  });

  it('ANDs matchLabels and every expression', () => {
    const selector = {
      matchLabels: { app: 'shop' },
      matchExpressions: [{ key: 'tier', operator: 'NotIn' as const, values: ['db'] }],
    };
    expect(matchesLabelSelector(selector, labels)).toBe(false);
    expect(matchesLabelSelector(selector, { app: 'shop', tier: 'web' })).toBe(true);
  });
});

function policy(spec: Partial<PolicyInput['spec']>) {
  return policySchema.parse({
    apiVersion: 'holdfast.io/v1alpha1',
    kind: 'Policy',
    metadata: { name: 'p' },
    spec: {
      subjects: { clusters: [{ name: 'prod', region: 'eu-central-1' }] },
      capture: { manifests: {} },
      retention: { daily: 7 },
      ...spec,
    },
  });
}

const annotated = (bp: string) => ({ [BLUEPRINT_ANNOTATION]: bp });

const prod: ClusterInventory = {
  cluster: 'prod',
  namespaces: [
    { name: 'shop', labels: { team: 'web' } },
    { name: 'search', labels: { team: 'web' } },
    { name: 'static', labels: { team: 'web' } },
    { name: 'kube-system' },
  ],
  workloads: [
    { kind: 'StatefulSet', name: 'qdrant', namespace: 'search', annotations: annotated('qdrant-hooks') },
    { kind: 'Deployment', name: 'mongo', namespace: 'shop', annotations: annotated('mongo-hooks') },
    { kind: 'Deployment', name: 'web', namespace: 'shop' },
    { kind: 'Deployment', name: 'coredns', namespace: 'kube-system' },
  ],
  configMaps: [{ namespace: 'shop', name: 'dbconfig', data: { 'postgres.instanceid': 'shop-db' } }],
};

describe('resolveSubjects', () => {
  it('selects annotated workloads in every namespace when namespaces are omitted, with stable ids', () => {
    const r = resolveSubjects(
      policy({ subjects: { clusters: [{ name: 'prod', region: 'eu-central-1' }], workloads: { annotated: true } } }),
      [prod],
    );
    expect(r.problems).toEqual([]);
    expect(r.subjects.map((s) => s.id)).toEqual(['prod/search/StatefulSet/qdrant', 'prod/shop/Deployment/mongo']);
    expect(r.subjects[0]).toMatchObject({
      region: 'eu-central-1',
      blueprint: 'qdrant-hooks',
      hooks: { blueprint: 'qdrant-hooks', actions: ['backupPrehook', 'backupPosthook'] },
      object: { kind: 'StatefulSet', name: 'qdrant', namespace: 'search' },
    });
  });

  it('narrows annotated workloads to the listed blueprints and namespaces', () => {
    const subjects = {
      clusters: [{ name: 'prod', region: 'eu-central-1' }],
      namespaces: { selector: { matchLabels: { team: 'web' } } },
      workloads: { annotated: true, blueprints: ['mongo-hooks'] },
    };
    const r = resolveSubjects(policy({ subjects, capture: { rdsSnapshot: false, blueprintBackup: {} } }), [prod]);
    expect(r.subjects.map((s) => s.id)).toEqual(['prod/shop/Deployment/mongo']);
    expect(r.subjects[0]?.backupBlueprint).toBe('mongo-hooks');
  });

  it('adds Namespace subjects for selected namespaces without a selected workload when manifests are captured', () => {
    const subjects = {
      clusters: [{ name: 'prod', region: 'eu-central-1' }],
      namespaces: { names: ['shop', 'static'] },
      workloads: { annotated: true },
    };
    const r = resolveSubjects(policy({ subjects }), [prod]);
    expect(r.subjects.map((s) => s.id)).toEqual(['prod/shop/Deployment/mongo', 'prod/static/Namespace/static']);
    const snapshotsOnly = resolveSubjects(policy({ subjects, capture: { blueprintBackup: {} } }), [prod]);
    expect(snapshotsOnly.subjects.map((s) => s.id)).toEqual(['prod/shop/Deployment/mongo']);
  });

  it('resolves explicit refs, reports missing ones, and lists a workload reached twice once', () => {
    const subjects = {
      clusters: [{ name: 'prod', region: 'eu-central-1' }],
      workloads: {
        annotated: true,
        refs: [
          { kind: 'Deployment' as const, name: 'mongo', namespace: 'shop' },
          { kind: 'Deployment' as const, name: 'web', namespace: 'shop' },
          { kind: 'StatefulSet' as const, name: 'gone', namespace: 'shop' },
        ],
      },
    };
    const r = resolveSubjects(policy({ subjects, hooks: { blueprint: 'generic-hooks', actions: ['backupPrehook'] } }), [
      prod,
    ]);
    expect(r.subjects.map((s) => s.id)).toEqual([
      'prod/search/StatefulSet/qdrant',
      'prod/shop/Deployment/mongo',
      'prod/shop/Deployment/web',
    ]);
    expect(r.subjects.find((s) => s.name === 'web')).toMatchObject({
      hooks: { blueprint: 'generic-hooks', actions: ['backupPrehook'] },
    });
    expect(r.subjects.find((s) => s.name === 'web')?.blueprint).toBeUndefined();
    expect(r.problems).toEqual([{ cluster: 'prod', message: 'StatefulSet shop/gone not found' }]);
  });

  it('resolves RDS ids in the only cluster and reads ids from ConfigMaps', () => {
    const subjects = {
      clusters: [{ name: 'prod', region: 'eu-central-1' }],
      rds: [
        { clusterId: 'orders-aurora', namespace: 'shop', region: 'eu-west-1' },
        { configMap: { namespace: 'shop', name: 'dbconfig', key: 'postgres.instanceid' } },
      ],
    };
    const p = policy({
      subjects,
      capture: { rdsSnapshot: true, blueprintBackup: { blueprint: 'rds-postgres-snapshot-bp' } },
    });
    expect(configMapsToRead(p)).toEqual([{ cluster: 'prod', namespace: 'shop', name: 'dbconfig' }]);
    const r = resolveSubjects(p, [prod]);
    expect(r.problems).toEqual([]);
    expect(r.subjects).toEqual([
      {
        id: 'prod/shop/DBCluster/orders-aurora',
        cluster: 'prod',
        region: 'eu-west-1',
        namespace: 'shop',
        kind: 'DBCluster',
        name: 'orders-aurora',
        rds: { type: 'cluster', identifier: 'orders-aurora', region: 'eu-west-1' },
      },
      {
        id: 'prod/shop/DBInstance/shop-db',
        cluster: 'prod',
        region: 'eu-central-1',
        namespace: 'shop',
        kind: 'DBInstance',
        name: 'shop-db',
        object: { kind: 'ConfigMap', name: 'dbconfig', namespace: 'shop' },
        backupBlueprint: 'rds-postgres-snapshot-bp',
        rds: { type: 'instance', identifier: 'shop-db', region: 'eu-central-1' },
      },
    ]);
  });

  it('reports ConfigMaps that are missing, lack the key or hold no RDS id, and a database reached twice once', () => {
    const clusters = [
      { name: 'prod', region: 'eu-central-1' },
      { name: 'dr', region: 'eu-central-1' },
      { name: 'lab', region: 'eu-central-1' },
    ];
    const rds = [{ configMap: { namespace: 'shop', name: 'dbconfig', key: 'postgres.instanceid' } }];
    const p = policy({ subjects: { clusters, rds }, capture: { rdsSnapshot: true } });
    const dr: ClusterInventory = { ...prod, cluster: 'dr' };
    const lab: ClusterInventory = {
      cluster: 'lab',
      namespaces: [],
      workloads: [],
      configMaps: [{ namespace: 'shop', name: 'dbconfig', data: { 'postgres.instanceid': 'not_valid!' } }],
    };
    const r = resolveSubjects(p, [prod, dr, lab]);
    expect(r.subjects.map((s) => s.id)).toEqual(['prod/shop/DBInstance/shop-db']);
    expect(r.problems.map((x) => `${x.cluster}: ${x.message}`)).toEqual([
      'lab: ConfigMap shop/dbconfig key "postgres.instanceid" holds "not_valid!", which must be an RDS identifier: 1–63 letters, digits and "-", starting with a letter, without "--" or a trailing "-"',
    ]);
    const missing = resolveSubjects(p, [
      { ...prod, configMaps: [] },
      { ...dr, configMaps: [{ namespace: 'shop', name: 'dbconfig', data: {} }] },
    ]);
    expect(missing.problems.map((x) => `${x.cluster}: ${x.message}`)).toEqual([
      'lab: no listing for this cluster; none of its subjects were resolved',
      'prod: ConfigMap shop/dbconfig not found',
      'dr: ConfigMap shop/dbconfig has no key "postgres.instanceid"',
    ]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { formatDiagnostic } from '../../../shared/blueprint/diagnostics.js';
import { loadKanisterDocuments } from '../../../shared/blueprint/load.js';
import { loadPolicies } from '../../../shared/policy/load.js';
import { nextFireTimes } from '../../../shared/policy/schedule.js';
import {
  type ClusterInventory,
  configMapsToRead,
  type ListedWorkload,
  resolveSubjects,
} from '../../../shared/policy/selectors.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const yamlIn = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f));

function loadExample(name: string) {
  const file = `policies/${name}.yaml`;
  const r = loadPolicies(readFileSync(join(root, file), 'utf8'), file);
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  const policy = r.policies[0]?.value;
  if (!policy) throw new Error(`${file} holds no policy`);
  return policy;
}

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
}

/** The demo cluster as `examples/objects/` describes it, listed the way the trigger lists a cluster. */
function demoCluster(): ClusterInventory {
  const objects = yamlIn('examples/objects').flatMap((f) =>
    parseAllDocuments(readFileSync(join(root, f), 'utf8')).map((d) => d.toJS() as K8sObject),
  );
  const namespaces = [...new Set(objects.map((o) => o.metadata.namespace))].map((name) => ({
    name,
    labels: { 'kubernetes.io/metadata.name': name },
  }));
  const workloads = objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((o): ListedWorkload => ({ kind: o.kind as ListedWorkload['kind'], ...o.metadata }));
  const configMaps = objects.filter((o) => o.kind === 'ConfigMap').map((o) => ({ ...o.metadata, data: o.data }));
  return { cluster: 'demo-eks', namespaces, workloads, configMaps };
}

describe('example policies', () => {
  it('every file in policies/ validates', () => {
    const files = yamlIn('policies');
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const r = loadPolicies(readFileSync(join(root, file), 'utf8'), file);
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      expect(r.policies.length).toBeGreaterThan(0);
    }
  });

  it('animalai selects the Qdrant StatefulSet and the RDS instance its ConfigMap names', () => {
    const policy = loadExample('animalai');
    expect(configMapsToRead(policy)).toEqual([{ cluster: 'demo-eks', namespace: 'pgtestrds', name: 'dbconfig' }]);
    const r = resolveSubjects(policy, [demoCluster()]);
    expect(r.problems).toEqual([]);
    expect(r.subjects.map((s) => s.id)).toEqual([
      'demo-eks/animalai/StatefulSet/my-demo-qdrant',
      'demo-eks/pgtestrds/DBInstance/test-postgresql-instance',
    ]);
    expect(r.subjects[0]?.hooks).toEqual({ blueprint: 'qdrant-hooks', actions: ['backupPrehook', 'backupPosthook'] });
    expect(r.subjects[1]?.rds).toEqual({
      type: 'instance',
      identifier: 'test-postgresql-instance',
      region: 'us-west-2',
    });
    expect(policy.spec.onPrehookFailure).toBe('crash-consistent');
  });

  it('pacman selects the MongoDB Deployment and runs nightly at 01:30 New York time', () => {
    const policy = loadExample('pacman');
    const r = resolveSubjects(policy, [demoCluster()]);
    expect(r.problems).toEqual([]);
    expect(r.subjects.map((s) => s.id)).toEqual(['demo-eks/pacman/Deployment/pacman-mongodb']);
    expect(r.subjects[0]?.hooks?.blueprint).toBe('mongo-hooks');
    const schedule = policy.spec.triggers?.schedules?.[0];
    const fires = nextFireTimes(schedule?.expression ?? '', new Date('2025-07-01T00:00Z'), 1, {
      timeZone: schedule?.timeZone,
    });
    expect(fires.map((d) => d.toISOString())).toEqual(['2025-07-01T05:30:00.000Z']);
  });

  it('names only blueprints that exist among the seed blueprints', () => {
    const blueprints = new Set(
      yamlIn('examples/seed-blueprints').flatMap((f) =>
        loadKanisterDocuments(readFileSync(join(root, f), 'utf8'), f).blueprints.map((b) => b.value.metadata.name),
      ),
    );
    for (const name of ['animalai', 'pacman']) {
      const s = loadExample(name).spec;
      const named = [
        s.hooks?.blueprint,
        s.capture.blueprintBackup?.blueprint,
        ...(s.subjects.workloads?.blueprints ?? []),
      ];
      for (const bp of named.filter((x) => x !== undefined)) expect(blueprints).toContain(bp);
    }
  });
});

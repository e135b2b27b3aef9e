import { describe, expect, expectTypeOf, it } from 'vitest';
import { DuplicateFunctionError } from '../../../shared/functions/errors.js';
import { kubeExec } from '../../../shared/functions/kube-exec.js';
import { FUNCTION_SPECS, FunctionRegistry, functionRegistry } from '../../../shared/functions/registry.js';
import type { scaleWorkload } from '../../../shared/functions/scale-workload.js';
import { acceptedArgNames, type FunctionArgs, requiredArgNames } from '../../../shared/functions/types.js';

/**
 * Kanister's own statement of each function, read from kanisterio/kanister `pkg/function/<file>`:
 * `RequiredArgs()`, `Arguments()` and the keys `Exec` returns. KubeTask is the v0.117-era file (the release the
 * example blueprints target); PrepareData includes `failOnError` from current upstream. The four RDS functions
 * also accept `credentialsSource`, `credentialsSecret` and `region` (constants in `pkg/function/rds_utils.go`,
 * used on all four by kanister examples/aws-rds/postgresql/rds-postgres-dump-blueprint.yaml).
 */
const RDS_CREDENTIALS = ['credentialsSource', 'credentialsSecret', 'region'];
/** Outputs Holdfast adds to Kanister's: when the data was cut, so a run can unquiesce before completion. */
const HOLDFAST_ADDED_OUTPUTS: Record<string, string[]> = {
  CreateRDSSnapshot: ['acceptedAt'],
  CreateCSISnapshot: ['creationTime'],
};

/** Args Holdfast accepts beyond Kanister's (never required, so Kanister blueprints are unaffected). */
const HOLDFAST_ADDED_ARGS: Record<string, string[]> = {
  CreateCSISnapshot: ['waitForReady'],
};

const KANISTER: Record<string, { file: string; required: string[]; accepted: string[]; outputs: string[] }> = {
  KubeExec: {
    file: 'kube_exec.go',
    required: ['namespace', 'pod', 'command'],
    accepted: ['namespace', 'pod', 'command', 'container'],
    outputs: [],
  },
  KubeExecAll: {
    file: 'kube_exec_all.go',
    required: ['namespace', 'pods', 'containers', 'command'],
    accepted: ['namespace', 'pods', 'containers', 'command'],
    outputs: [],
  },
  KubeTask: {
    file: 'kube_task.go',
    required: ['image', 'command'],
    accepted: ['image', 'command', 'namespace', 'podOverride', 'podAnnotations', 'podLabels'],
    outputs: [],
  },
  MultiContainerRun: {
    file: 'multi_container_run.go',
    required: ['backgroundImage', 'backgroundCommand', 'outputImage', 'outputCommand'],
    accepted: [
      'namespace',
      'initImage',
      'initCommand',
      'backgroundImage',
      'backgroundCommand',
      'outputImage',
      'outputCommand',
      'sharedVolumeMedium',
      'sharedVolumeSizeLimit',
      'sharedVolumeDir',
      'podOverride',
      'podLabels',
      'podAnnotations',
    ],
    outputs: [],
  },
  ScaleWorkload: {
    file: 'scale_workload.go',
    required: ['replicas'],
    accepted: ['replicas', 'namespace', 'name', 'kind', 'waitForReady'],
    outputs: ['originalReplicaCount'],
  },
  Wait: { file: 'wait.go', required: ['timeout', 'conditions'], accepted: ['timeout', 'conditions'], outputs: [] },
  WaitV2: { file: 'waitv2.go', required: ['timeout', 'conditions'], accepted: ['timeout', 'conditions'], outputs: [] },
  KubeOps: {
    file: 'kubeops.go',
    required: ['operation'],
    accepted: ['spec', 'operation', 'namespace', 'objectReference'],
    outputs: ['apiVersion', 'group', 'resource', 'kind', 'name', 'namespace'],
  },
  PrepareData: {
    file: 'prepare_data.go',
    required: ['namespace', 'image', 'command'],
    accepted: [
      'namespace',
      'image',
      'command',
      'volumes',
      'serviceaccount',
      'podOverride',
      'podAnnotations',
      'podLabels',
      'failOnError',
    ],
    outputs: [],
  },
  CreateCSISnapshot: {
    file: 'create_csi_snapshot.go',
    required: ['pvc', 'namespace', 'snapshotClass'],
    accepted: ['pvc', 'namespace', 'snapshotClass', 'name', 'labels'],
    outputs: ['name', 'pvc', 'namespace', 'restoreSize', 'snapshotContent'],
  },
  RestoreCSISnapshot: {
    file: 'restore_csi_snapshot.go',
    required: ['name', 'pvc', 'namespace', 'storageClass', 'restoreSize'],
    accepted: ['name', 'pvc', 'namespace', 'storageClass', 'restoreSize', 'accessModes', 'volumeMode', 'labels'],
    outputs: [],
  },
  DeleteCSISnapshot: {
    file: 'delete_csi_snapshot.go',
    required: ['name', 'namespace'],
    accepted: ['name', 'namespace'],
    outputs: [],
  },
  CreateRDSSnapshot: {
    file: 'create_rds_snapshot.go',
    required: ['instanceID'],
    accepted: ['instanceID', 'dbEngine', ...RDS_CREDENTIALS],
    outputs: ['snapshotID', 'instanceID', 'securityGroupID', 'allocatedStorage', 'dbSubnetGroup'],
  },
  RestoreRDSSnapshot: {
    file: 'restore_rds_snapshot.go',
    required: ['instanceID'],
    accepted: [
      'instanceID',
      'snapshotID',
      'dbEngine',
      'backupArtifactPrefix',
      'backupID',
      'username',
      'password',
      'namespace',
      'securityGroupID',
      'dbSubnetGroup',
      'podAnnotations',
      'podLabels',
      ...RDS_CREDENTIALS,
    ],
    outputs: ['endpoint'],
  },
  DeleteRDSSnapshot: {
    file: 'delete_rds_snapshot.go',
    required: ['snapshotID'],
    accepted: ['snapshotID', 'dbEngine', ...RDS_CREDENTIALS],
    outputs: [],
  },
  ExportRDSSnapshotToLocation: {
    file: 'export_rds_snapshot_location.go',
    required: ['namespace', 'instanceID', 'snapshotID', 'dbEngine'],
    accepted: [
      'namespace',
      'instanceID',
      'snapshotID',
      'dbEngine',
      'username',
      'password',
      'backupArtifactPrefix',
      'databases',
      'securityGroupID',
      'dbSubnetGroup',
      'podAnnotations',
      'podLabels',
      ...RDS_CREDENTIALS,
    ],
    outputs: ['snapshotID', 'instanceID', 'securityGroupID', 'backupID'],
  },
};

const sorted = (names: readonly string[]) => [...names].sort();

describe('Kanister functions state the same facts as Kanister', () => {
  it.each(Object.entries(KANISTER).map(([name, k]) => [name, k.file, k] as const))(
    '%s (pkg/function/%s)',
    (name, _file, kanister) => {
      const spec = functionRegistry.get(name);
      expect(spec?.origin).toBe('kanister');
      if (!spec) return;
      expect(sorted(requiredArgNames(spec))).toEqual(sorted(kanister.required));
      expect(sorted(acceptedArgNames(spec))).toEqual(
        sorted([...kanister.accepted, ...(HOLDFAST_ADDED_ARGS[name] ?? [])]),
      );
      // Kanister's outputs verbatim, plus only the documented point-in-time additions (DESIGN.md §2).
      const extra = HOLDFAST_ADDED_OUTPUTS[name] ?? [];
      expect(sorted(spec.outputs)).toEqual(sorted([...kanister.outputs, ...extra]));
    },
  );

  it('every registered Kanister function is covered above', () => {
    const kanisterNames = functionRegistry
      .list()
      .filter((spec) => spec.origin === 'kanister')
      .map((spec) => spec.name);
    expect(sorted(kanisterNames)).toEqual(sorted(Object.keys(KANISTER)));
  });

  it('marks the functions whose outputs are the markers their commands print', () => {
    const marker = functionRegistry
      .list()
      .filter((spec) => spec.markerOutputs)
      .map((spec) => spec.name);
    expect(sorted(marker)).toEqual(['KubeExec', 'KubeExecAll', 'KubeTask', 'MultiContainerRun', 'PrepareData']);
  });

  it('hands Wait and WaitV2 conditions over unrendered, as Kanister phase.go does', () => {
    expect(functionRegistry.get('Wait')?.rawArgs).toEqual(['conditions']);
    expect(functionRegistry.get('WaitV2')?.rawArgs).toEqual(['timeout', 'conditions']);
  });
});

describe('Holdfast functions', () => {
  it.each([
    ['CopyRDSSnapshot', ['snapshotID', 'destinationRegion'], ['snapshotID', 'snapshotArn', 'region']],
    ['StartRDSExportTask', ['s3Bucket', 'iamRoleArn', 'kmsKeyID'], ['exportTaskID', 's3Location']],
    ['StreamToLocation', ['namespace', 'pod', 'command', 'path'], ['path', 'sha256', 'size']],
    ['StreamFromLocation', ['namespace', 'pod', 'command', 'path'], ['size']],
    ['ProxyRequest', ['namespace', 'port'], ['status', 'body', 'path', 'sha256', 'size']],
    ['CaptureManifests', ['namespace', 'path'], ['path', 'sha256', 'count']],
    ['ApplyManifests', ['path', 'namespace'], ['count']],
  ])('%s requires %j and returns %j', (name, required, outputs) => {
    const spec = functionRegistry.get(name);
    expect(spec?.origin).toBe('holdfast');
    if (!spec) return;
    expect(sorted(requiredArgNames(spec))).toEqual(sorted(required));
    expect(spec.outputs).toEqual(outputs);
  });

  it('name args the way KubeExec does when they mean the same thing', () => {
    const stream = functionRegistry.get('StreamToLocation');
    expect(stream && acceptedArgNames(stream)).toEqual(expect.arrayContaining(acceptedArgNames(kubeExec)));
  });
});

describe('FunctionRegistry', () => {
  it('finds functions by their exact Kanister name', () => {
    expect(functionRegistry.get('KubeExec')).toBe(kubeExec);
    expect(functionRegistry.get('kubeexec')).toBeUndefined();
    expect(functionRegistry.get('NoSuchFunction')).toBeUndefined();
  });

  it('lists every function once, in registration order', () => {
    expect(functionRegistry.list().map((s) => s.name)).toEqual(FUNCTION_SPECS.map((s) => s.name));
    expect(functionRegistry.list()).toHaveLength(23);
  });

  it('tells refused functions from unknown ones', () => {
    expect(functionRegistry.rejection('BackupData')?.alternative).toContain('StreamToLocation');
    expect(functionRegistry.rejection('KubeExec')).toBeUndefined();
    expect(functionRegistry.rejection('NoSuchFunction')).toBeUndefined();
  });

  it('refuses a name registered twice, or both supported and refused', () => {
    expect(() => new FunctionRegistry([kubeExec, kubeExec])).toThrow(DuplicateFunctionError);
    expect(() => new FunctionRegistry([kubeExec], [{ name: 'KubeExec', reason: 'r', alternative: 'a' }])).toThrow(
      'blueprint function KubeExec is registered twice',
    );
  });

  it('gives every function a one-line summary and what it needs', () => {
    for (const spec of functionRegistry.list()) {
      expect(spec.summary, spec.name).toMatch(/^[A-Z].{10,140}\.$/);
      expect(spec.summary, spec.name).not.toContain('\n');
      expect(spec.needs.length, spec.name).toBeGreaterThan(0);
    }
  });
});

describe('typed args', () => {
  it('a spec carries the exact types its schema produces', () => {
    expectTypeOf<FunctionArgs<typeof kubeExec>>().toEqualTypeOf<{
      namespace: string;
      pod: string;
      container?: string | undefined;
      command: string[];
    }>();
    expectTypeOf<FunctionArgs<typeof scaleWorkload>['waitForReady']>().toEqualTypeOf<boolean>();
    expectTypeOf<FunctionArgs<typeof scaleWorkload>['kind']>().toEqualTypeOf<
      'deployment' | 'statefulset' | 'deploymentconfig' | undefined
    >();
  });
});

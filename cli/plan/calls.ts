/**
 * What each blueprint function would call, described from its rendered args for dry-runs (`holdfast render`): the
 * Kubernetes API requests and AWS API calls a run makes, named as the APIs name them. Descriptive only — nothing
 * here talks to anything; the functions themselves (shared/functions) are the truth this summarises.
 */

export interface PlannedCall {
  /** `kubernetes`, `rds`, `s3`, `dynamodb`, `eventbridge`, `http` (notifications). */
  readonly api: string;
  /** The verb or operation: `create pods/exec`, `CreateDBSnapshot`, … */
  readonly call: string;
  /** What it acts on. */
  readonly target: string;
  readonly detail?: string;
}

type Args = Record<string, unknown>;
const s = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? fallback : JSON.stringify(v);
const cmd = (v: unknown): string => (Array.isArray(v) ? v.map((x) => s(x)).join(' ') : s(v));
const k8s = (call: string, target: string, detail?: string): PlannedCall => ({
  api: 'kubernetes',
  call,
  target,
  ...(detail ? { detail } : {}),
});
const rds = (call: string, target: string, detail?: string): PlannedCall => ({
  api: 'rds',
  call,
  target,
  ...(detail ? { detail } : {}),
});
const s3 = (call: string, target: string, detail?: string): PlannedCall => ({
  api: 's3',
  call,
  target,
  ...(detail ? { detail } : {}),
});

function region(a: Args): string {
  return a.region ? ` in ${s(a.region)}` : '';
}

function isAurora(a: Args): boolean {
  return /aurora/i.test(s(a.dbEngine));
}

function taskPod(ns: string, image: string, what: string): PlannedCall[] {
  return [
    k8s('create pods', `${ns}/<task pod>`, `image ${image}: ${what}`),
    k8s('watch pods', `${ns}/<task pod>`, 'until it completes'),
    k8s('get pods/log', `${ns}/<task pod>`, 'phase outputs from ###Phase-output### lines'),
    k8s('delete pods', `${ns}/<task pod>`),
  ];
}

const DESCRIBE: Readonly<Record<string, (a: Args) => PlannedCall[]>> = {
  KubeExec: (a) => [
    k8s('create pods/exec', `${s(a.namespace)}/${s(a.pod)}${a.container ? `[${s(a.container)}]` : ''}`, cmd(a.command)),
  ],
  KubeExecAll: (a) =>
    s(a.pods)
      .split(/\s+/)
      .filter(Boolean)
      .map((pod) => k8s('create pods/exec', `${s(a.namespace)}/${pod}`, cmd(a.command))),
  KubeTask: (a) => taskPod(s(a.namespace, '<default namespace>'), s(a.image), cmd(a.command)),
  MultiContainerRun: (a) =>
    taskPod(
      s(a.namespace, '<default namespace>'),
      `${s(a.backgroundImage)} + ${s(a.outputImage)}`,
      cmd(a.outputCommand),
    ),
  PrepareData: (a) => taskPod(s(a.namespace), s(a.image), `${cmd(a.command)} with volumes ${s(a.volumes, 'none')}`),
  ScaleWorkload: (a) => [
    k8s('patch', `${s(a.kind, 'the object')} ${s(a.namespace)}/${s(a.name)}/scale`, `replicas ${s(a.replicas)}`),
    ...(a.waitForReady === false || a.waitForReady === 'false'
      ? []
      : [k8s('watch pods', `${s(a.namespace)}`, 'until the workload is ready')]),
  ],
  Wait: (a) => [k8s('get (polled)', 'the objects in conditions', `until ${s(a.conditions)} or ${s(a.timeout)}`)],
  WaitV2: (a) => [k8s('get (polled)', 'the objects in conditions', `until ${s(a.conditions)} or ${s(a.timeout)}`)],
  KubeOps: (a) => [
    k8s(s(a.operation), a.objectReference ? s(a.objectReference) : `object from spec in ${s(a.namespace)}`),
  ],
  CreateCSISnapshot: (a) => [
    k8s('create volumesnapshots', `${s(a.namespace)}/${s(a.name, `<snapshot of ${s(a.pvc)}>`)}`, `of PVC ${s(a.pvc)}`),
    k8s(
      'get volumesnapshots (polled)',
      `${s(a.namespace)}`,
      'until creationTime is set (readyToUse when waitForReady)',
    ),
  ],
  RestoreCSISnapshot: (a) => [
    k8s('create persistentvolumeclaims', `${s(a.namespace)}/${s(a.pvc)}`, `from snapshot ${s(a.name)}`),
  ],
  DeleteCSISnapshot: (a) => [k8s('delete volumesnapshots', `${s(a.namespace)}/${s(a.name)}`)],
  CreateRDSSnapshot: (a) =>
    isAurora(a)
      ? [
          rds('DescribeDBClusters', s(a.instanceID) + region(a)),
          rds('CreateDBClusterSnapshot', s(a.instanceID) + region(a)),
          rds('DescribeDBClusterSnapshots (event or poll)', 'until available'),
        ]
      : [
          rds('DescribeDBInstances', s(a.instanceID) + region(a)),
          rds('CreateDBSnapshot', s(a.instanceID) + region(a)),
          rds('DescribeDBSnapshots (event or poll)', 'until available'),
        ],
  RestoreRDSSnapshot: (a) =>
    a.snapshotID
      ? [
          rds(
            isAurora(a) ? 'DeleteDBCluster' : 'DeleteDBInstance',
            s(a.instanceID) + region(a),
            'replaced in place, as Kanister does',
          ),
          rds(
            isAurora(a) ? 'RestoreDBClusterFromSnapshot' : 'RestoreDBInstanceFromDBSnapshot',
            s(a.instanceID),
            `from ${s(a.snapshotID)}`,
          ),
          rds(
            isAurora(a) ? 'DescribeDBClusters (event or poll)' : 'DescribeDBInstances (event or poll)',
            s(a.instanceID),
            'until available',
          ),
        ]
      : [
          rds('DescribeDBInstances', s(a.instanceID) + region(a)),
          ...taskPod(s(a.namespace), 'postgres', `psql < ${s(a.backupArtifactPrefix)}/${s(a.backupID)}`),
        ],
  DeleteRDSSnapshot: (a) => [
    rds(isAurora(a) ? 'DeleteDBClusterSnapshot' : 'DeleteDBSnapshot', s(a.snapshotID) + region(a)),
  ],
  ExportRDSSnapshotToLocation: (a) => [
    rds('RestoreDBInstanceFromDBSnapshot', '<temporary instance>', `from ${s(a.snapshotID)}`),
    ...taskPod(s(a.namespace), 'postgres', 'pg_dump of each database, streamed to the location'),
    s3('PutObject (multipart)', `${s(a.backupArtifactPrefix)}/<backupID>`),
    rds('DeleteDBInstance', '<temporary instance>'),
  ],
  CopyRDSSnapshot: (a) => [
    rds(
      isAurora(a) ? 'CopyDBClusterSnapshot' : 'CopyDBSnapshot',
      s(a.snapshotID),
      `to ${s(a.destinationRegion)}, KMS key ${s(a.kmsKeyID, 'none')}`,
    ),
    rds('Describe…Snapshots (event or poll)', `the copy in ${s(a.destinationRegion)}`, 'until available'),
  ],
  StartRDSExportTask: (a) => [
    rds('StartExportTask', s(a.snapshotID || a.snapshotArn), `to s3://${s(a.s3Bucket)}/${s(a.s3Prefix)}`),
    rds('DescribeExportTasks (event or poll)', 'the export task', 'until COMPLETE'),
  ],
  StreamToLocation: (a) => [
    k8s('create pods/exec', `${s(a.namespace)}/${s(a.pod)}`, `${cmd(a.command)} (stdout)`),
    s3(
      'PutObject (multipart), PutObjectTagging',
      `<location>/${s(a.path)}`,
      `${s(a.compression, 'gzip')}, SHA-256 recorded`,
    ),
  ],
  StreamFromLocation: (a) => [
    s3('GetObject, GetObjectTagging', `<location>/${s(a.path)}`, 'checksum verified'),
    k8s('create pods/exec', `${s(a.namespace)}/${s(a.pod)}`, `${cmd(a.command)} (stdin)`),
  ],
  ProxyRequest: (a) => [
    ...(a.bodyFromPath ? [s3('GetObject', `<location>/${s(a.bodyFromPath)}`)] : []),
    k8s(
      `${s(a.method, 'GET')} ${a.service ? 'services' : 'pods'}/proxy`,
      `${s(a.namespace)}/${s(a.service || a.pod)}:${s(a.port)}${s(a.path)}`,
    ),
    ...(a.responseToPath ? [s3('PutObject (multipart)', `<location>/${s(a.responseToPath)}`)] : []),
  ],
  CaptureManifests: (a) => [
    k8s(
      'list (discovery, then every namespaced kind)',
      s(a.namespace),
      a.includeKinds ? `kinds ${s(a.includeKinds)}` : `except ${s(a.excludeKinds, 'nothing')}`,
    ),
    s3('PutObject', `<location>/${s(a.path)}`),
  ],
  ApplyManifests: (a) => [
    s3('GetObject', `<location>/${s(a.path)}`),
    k8s('apply (server-side)', s(a.targetNamespace) || s(a.namespace), 'in dependency order'),
  ],
};

export function describeCalls(func: string, args: Record<string, unknown> | undefined): PlannedCall[] {
  return DESCRIBE[func]?.(args ?? {}) ?? [];
}

export function formatCall(c: PlannedCall): string {
  const api =
    { kubernetes: 'Kubernetes', rds: 'RDS', s3: 'S3', dynamodb: 'DynamoDB', eventbridge: 'EventBridge' }[c.api] ??
    c.api;
  return `${api.padEnd(11)} ${c.call} ${c.target}${c.detail ? ` — ${c.detail}` : ''}`;
}

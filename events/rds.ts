/**
 * `aws.rds` events (DESIGN.md §2, §5): zod schemas for the four detail types Holdfast listens to, the RDS event IDs
 * that end a wait (snapshot created, copy finished, export done, instance / cluster available or gone, and their
 * failures), and the mapping from an event to the wait key it completes.
 *
 * An event is a hint, never the truth: delivery is best effort, may be duplicated or reordered, and several
 * transitions share a key (an instance's "deleted" and "restored" events). The waiting side confirms with a Describe
 * call. Wait ids are `<region>:<arn resource type>:<identifier>` (lower case, as RDS stores identifiers), so a copy in
 * another region with the same name, or a cluster snapshot named like an instance snapshot, never collides.
 */
import { z } from 'zod';
import { eventBridgeEvent } from './envelope.js';

export const RDS_SOURCE = 'aws.rds';

export type RdsWaitKind = 'rds-snapshot' | 'rds-cluster-snapshot' | 'rds-instance' | 'rds-cluster' | 'rds-export';

export interface RdsWaitKey {
  readonly kind: RdsWaitKind;
  readonly id: string;
}

/** The ARN resource types of what Holdfast waits on. */
export type RdsResourceType = 'snapshot' | 'cluster-snapshot' | 'db' | 'cluster';

/** `us-east-1:snapshot:orders-2024` — the wait id of an RDS resource. */
export const rdsWaitId = (region: string, type: RdsResourceType, identifier: string): string =>
  `${region}:${type}:${identifier.toLowerCase()}`;

/** The event IDs that end a wait, by what they mean (RDS User Guide, USER_Events.Messages). */
export const RDS_EVENT_IDS = {
  manualSnapshotCreated: 'RDS-EVENT-0042',
  automatedSnapshotCreated: 'RDS-EVENT-0091',
  snapshotDeleted: 'RDS-EVENT-0041',
  crossRegionCopyFinished: 'RDS-EVENT-0060',
  crossRegionCopyCanceled: 'RDS-EVENT-0061',
  copyFinished: 'RDS-EVENT-0197',
  copyCanceled: 'RDS-EVENT-0190',
  exportFailed: 'RDS-EVENT-0159',
  exportCanceled: 'RDS-EVENT-0160',
  exportCompleted: 'RDS-EVENT-0161',
  manualClusterSnapshotCreated: 'RDS-EVENT-0075',
  automatedClusterSnapshotCreated: 'RDS-EVENT-0169',
  clusterExportFailed: 'RDS-EVENT-0162',
  clusterExportCanceled: 'RDS-EVENT-0163',
  clusterExportCompleted: 'RDS-EVENT-0164',
  instanceCreated: 'RDS-EVENT-0005',
  instanceRestored: 'RDS-EVENT-0043',
  instanceDeleted: 'RDS-EVENT-0003',
  instanceFailed: 'RDS-EVENT-0031',
  instanceInvalidParameters: 'RDS-EVENT-0035',
  instanceIncompatibleNetwork: 'RDS-EVENT-0036',
  instanceCreationFailed: 'RDS-EVENT-0278',
  clusterCreated: 'RDS-EVENT-0170',
  clusterDeleted: 'RDS-EVENT-0171',
  clusterIncompatibleResources: 'RDS-EVENT-0354',
  clusterInsufficientLimits: 'RDS-EVENT-0355',
} as const;

const E = RDS_EVENT_IDS;

/** Which wait each event ID ends; an event not listed here completes nothing. */
const COMPLETES: Readonly<Record<string, RdsWaitKind>> = {
  [E.manualSnapshotCreated]: 'rds-snapshot',
  [E.automatedSnapshotCreated]: 'rds-snapshot',
  [E.snapshotDeleted]: 'rds-snapshot',
  [E.crossRegionCopyFinished]: 'rds-snapshot',
  [E.crossRegionCopyCanceled]: 'rds-snapshot',
  [E.copyFinished]: 'rds-snapshot',
  [E.copyCanceled]: 'rds-snapshot',
  [E.exportFailed]: 'rds-export',
  [E.exportCanceled]: 'rds-export',
  [E.exportCompleted]: 'rds-export',
  [E.manualClusterSnapshotCreated]: 'rds-cluster-snapshot',
  [E.automatedClusterSnapshotCreated]: 'rds-cluster-snapshot',
  [E.clusterExportFailed]: 'rds-export',
  [E.clusterExportCanceled]: 'rds-export',
  [E.clusterExportCompleted]: 'rds-export',
  [E.instanceCreated]: 'rds-instance',
  [E.instanceRestored]: 'rds-instance',
  [E.instanceDeleted]: 'rds-instance',
  [E.instanceFailed]: 'rds-instance',
  [E.instanceInvalidParameters]: 'rds-instance',
  [E.instanceIncompatibleNetwork]: 'rds-instance',
  [E.instanceCreationFailed]: 'rds-instance',
  [E.clusterCreated]: 'rds-cluster',
  [E.clusterDeleted]: 'rds-cluster',
  [E.clusterIncompatibleResources]: 'rds-cluster',
  [E.clusterInsufficientLimits]: 'rds-cluster',
};

/** Older events (and some docs samples) carry no `EventID`: their fixed messages identify them. */
const BY_MESSAGE: readonly (readonly [RegExp, string])[] = [
  [/^Manual snapshot created/, E.manualSnapshotCreated],
  [/^Automated snapshot created/, E.automatedSnapshotCreated],
  [/^Deleted (manual|user) snapshot/, E.snapshotDeleted],
  [/^Finished copy of snapshot .+ from region /, E.crossRegionCopyFinished],
  [/^Finished copy of snapshot .+ in region /, E.copyFinished],
  [/^The snapshot export task completed/, E.exportCompleted],
  [/^The snapshot export task failed/, E.exportFailed],
  [/^The snapshot export task was canceled/, E.exportCanceled],
  [/^Manual cluster snapshot created/, E.manualClusterSnapshotCreated],
  [/^Automated cluster snapshot created/, E.automatedClusterSnapshotCreated],
  [/^The cluster snapshot export task completed/, E.clusterExportCompleted],
  [/^The cluster snapshot export task failed/, E.clusterExportFailed],
  [/^The cluster snapshot export task was canceled/, E.clusterExportCanceled],
  [/^DB instance created/, E.instanceCreated],
  [/^DB instance deleted/, E.instanceDeleted],
  [/^Restored from snapshot /, E.instanceRestored],
  [/^DB cluster created/, E.clusterCreated],
  [/^DB cluster deleted/, E.clusterDeleted],
];

const detailFields = {
  EventCategories: z.array(z.string()),
  SourceArn: z.string().min(1),
  Date: z.iso.datetime({ offset: true }),
  Message: z.string(),
  SourceIdentifier: z.string().min(1),
  /** Absent from older events; see `rdsEventId`. */
  EventID: z
    .string()
    .regex(/^RDS-EVENT-\d{4}$/)
    .optional(),
  /** The resource's tags when the event was sent. */
  Tags: z.record(z.string(), z.string()).optional(),
};

const detail = <T extends string>(sourceType: T) => z.object({ ...detailFields, SourceType: z.literal(sourceType) });

export const rdsDbSnapshotEventSchema = eventBridgeEvent(RDS_SOURCE, 'RDS DB Snapshot Event', detail('SNAPSHOT'));
export const rdsDbClusterSnapshotEventSchema = eventBridgeEvent(
  RDS_SOURCE,
  'RDS DB Cluster Snapshot Event',
  detail('CLUSTER_SNAPSHOT'),
);
export const rdsDbInstanceEventSchema = eventBridgeEvent(RDS_SOURCE, 'RDS DB Instance Event', detail('DB_INSTANCE'));
export const rdsDbClusterEventSchema = eventBridgeEvent(RDS_SOURCE, 'RDS DB Cluster Event', detail('CLUSTER'));

/** Any of the four `aws.rds` detail types Holdfast's rules deliver. */
export const rdsEventSchema = z.discriminatedUnion('detail-type', [
  rdsDbSnapshotEventSchema,
  rdsDbClusterSnapshotEventSchema,
  rdsDbInstanceEventSchema,
  rdsDbClusterEventSchema,
]);
export type RdsEvent = z.infer<typeof rdsEventSchema>;

/** The event's ID, from `EventID` or, on events without one, from its message. */
export function rdsEventId(event: RdsEvent): string | undefined {
  if (event.detail.EventID !== undefined) return event.detail.EventID;
  const message = event.detail.Message.trim();
  return BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1];
}

/** `arn:aws:rds:<region>:<account>:<type>:<id>` → its parts; automated snapshot ids keep their `rds:` prefix. */
function parseRdsArn(arn: string): { region: string; type: string; identifier: string } | undefined {
  const match = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):\d{12}:([a-z-]+):(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, region = '', type = '', identifier = ''] = match;
  return { region, type, identifier };
}

/**
 * The wait an event completes, or undefined when it ends none (a "creating" event, a maintenance notice, an event
 * about another kind of resource). Export events name the exported snapshot, so export waits are keyed by it.
 */
export function waitKeyForRdsEvent(event: RdsEvent): RdsWaitKey | undefined {
  const id = rdsEventId(event);
  const kind = id === undefined ? undefined : COMPLETES[id];
  if (kind === undefined) return undefined;
  const arn = parseRdsArn(event.detail.SourceArn);
  const region = arn?.region ?? event.region;
  const type = arn?.type ?? defaultResourceType(event);
  if (!isWaitedResourceType(type)) return undefined;
  return { kind, id: rdsWaitId(region, type, arn?.identifier ?? event.detail.SourceIdentifier) };
}

function defaultResourceType(event: RdsEvent): RdsResourceType {
  const types = { SNAPSHOT: 'snapshot', CLUSTER_SNAPSHOT: 'cluster-snapshot', DB_INSTANCE: 'db', CLUSTER: 'cluster' };
  return types[event.detail.SourceType] as RdsResourceType;
}

const isWaitedResourceType = (type: string): type is RdsResourceType =>
  type === 'snapshot' || type === 'cluster-snapshot' || type === 'db' || type === 'cluster';

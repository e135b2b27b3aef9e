/**
 * `aws.rds` events as EventBridge delivers them, with the RDS event IDs and messages of the RDS User Guide
 * (USER_Events.Messages), and their delivery: POSTed in order to a URL and/or handed to a callback, with switches to
 * drop or duplicate events because EventBridge delivery of RDS events is best effort.
 */
import { randomUUID } from 'node:crypto';
import { type EventSelector, selects } from './options.js';

export type RdsSourceType = 'SNAPSHOT' | 'CLUSTER_SNAPSHOT' | 'DB_INSTANCE' | 'CLUSTER';

export interface RdsEventDetail {
  readonly EventCategories: readonly string[];
  readonly SourceType: RdsSourceType;
  readonly SourceArn: string;
  readonly Date: string;
  readonly Message: string;
  readonly SourceIdentifier: string;
  readonly EventID: string;
  readonly Tags: Readonly<Record<string, string>>;
}

export interface RdsEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: 'aws.rds';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: RdsEventDetail;
}

const DETAIL_TYPES: Record<RdsSourceType, string> = {
  SNAPSHOT: 'RDS DB Snapshot Event',
  CLUSTER_SNAPSHOT: 'RDS DB Cluster Snapshot Event',
  DB_INSTANCE: 'RDS DB Instance Event',
  CLUSTER: 'RDS DB Cluster Event',
};

interface EventKind {
  readonly id: string;
  readonly category: string;
  readonly sourceType: RdsSourceType;
  readonly message: string;
}

const kind = (id: string, category: string, sourceType: RdsSourceType, message: string): EventKind => ({
  id: `RDS-EVENT-${id}`,
  category,
  sourceType,
  message,
});

/** Events this server emits. Messages with `{…}` placeholders get their values from `EventSource.args`. */
export const EVENTS = {
  manualSnapshotCreating: kind('0040', 'creation', 'SNAPSHOT', 'Creating manual snapshot'),
  manualSnapshotCreated: kind('0042', 'creation', 'SNAPSHOT', 'Manual snapshot created'),
  automatedSnapshotCreating: kind('0090', 'creation', 'SNAPSHOT', 'Creating automated snapshot'),
  automatedSnapshotCreated: kind('0091', 'creation', 'SNAPSHOT', 'Automated snapshot created'),
  snapshotDeleted: kind('0041', 'deletion', 'SNAPSHOT', 'Deleted user snapshot'),
  crossRegionCopyStarted: kind(
    '0059',
    'notification',
    'SNAPSHOT',
    'Started copy of snapshot {source} from region {region}',
  ),
  crossRegionCopyFinished: kind(
    '0060',
    'notification',
    'SNAPSHOT',
    'Finished copy of snapshot {source} from region {region} in {minutes} minutes',
  ),
  localCopyStarted: kind('0196', 'notification', 'SNAPSHOT', 'Started copy of snapshot {source} in region {region}'),
  localCopyFinished: kind('0197', 'notification', 'SNAPSHOT', 'Finished copy of snapshot {source} in region {region}'),
  exportFailed: kind('0159', 'notification', 'SNAPSHOT', 'The snapshot export task failed'),
  exportCanceled: kind('0160', 'notification', 'SNAPSHOT', 'The snapshot export task was canceled'),
  exportCompleted: kind('0161', 'notification', 'SNAPSHOT', 'The snapshot export task completed'),
  manualClusterSnapshotCreating: kind('0074', 'backup', 'CLUSTER_SNAPSHOT', 'Creating manual cluster snapshot'),
  manualClusterSnapshotCreated: kind('0075', 'backup', 'CLUSTER_SNAPSHOT', 'Manual cluster snapshot created'),
  automatedClusterSnapshotCreating: kind('0168', 'backup', 'CLUSTER_SNAPSHOT', 'Creating automated cluster snapshot'),
  automatedClusterSnapshotCreated: kind('0169', 'backup', 'CLUSTER_SNAPSHOT', 'Automated cluster snapshot created'),
  clusterExportFailed: kind('0162', 'notification', 'CLUSTER_SNAPSHOT', 'The cluster snapshot export task failed'),
  clusterExportCanceled: kind(
    '0163',
    'notification',
    'CLUSTER_SNAPSHOT',
    'The cluster snapshot export task was canceled',
  ),
  clusterExportCompleted: kind(
    '0164',
    'notification',
    'CLUSTER_SNAPSHOT',
    'The cluster snapshot export task completed',
  ),
  instanceCreated: kind('0005', 'creation', 'DB_INSTANCE', 'DB instance created'),
  instanceDeleted: kind('0003', 'deletion', 'DB_INSTANCE', 'DB instance deleted'),
  instanceRestored: kind('0043', 'restoration', 'DB_INSTANCE', 'Restored from snapshot {source}'),
  clusterCreated: kind('0170', 'creation', 'CLUSTER', 'DB cluster created'),
} as const satisfies Record<string, EventKind>;
export type EventName = keyof typeof EVENTS;

export interface EventSource {
  readonly region: string;
  readonly arn: string;
  readonly id: string;
  readonly tags: ReadonlyMap<string, string>;
  readonly args?: Readonly<Record<string, string | number>>;
}

export function buildEvent(name: EventName, account: string, source: EventSource, at = new Date()): RdsEvent {
  const k = EVENTS[name];
  const message = k.message.replace(/\{(\w+)\}/g, (_, key: string) => String(source.args?.[key] ?? ''));
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': DETAIL_TYPES[k.sourceType],
    source: 'aws.rds',
    account,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: source.region,
    resources: [source.arn],
    detail: {
      EventCategories: [k.category],
      SourceType: k.sourceType,
      SourceArn: source.arn,
      Date: at.toISOString(),
      Message: message,
      SourceIdentifier: source.id,
      EventID: k.id,
      Tags: Object.fromEntries(source.tags),
    },
  };
}

export interface PublisherOptions {
  readonly url?: string;
  readonly onEvent?: (event: RdsEvent) => void;
  readonly drop?: EventSelector;
  readonly duplicate?: EventSelector;
  readonly log: (line: string) => void;
}

/** Delivers events one at a time, in the order they were published. */
export class EventPublisher {
  /** Every event published, including the ones dropped on delivery. */
  readonly published: RdsEvent[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: PublisherOptions) {}

  publish(event: RdsEvent): void {
    this.published.push(event);
    if (selects(this.options.drop, event)) return;
    const copies = selects(this.options.duplicate, event) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.options.onEvent?.(event);
      const url = this.options.url;
      if (url !== undefined) this.chain = this.chain.then(() => this.post(url, event));
    }
  }

  /** Resolves when every event published so far has been delivered (or has failed to be). */
  flush(): Promise<void> {
    return this.chain;
  }

  private async post(url: string, event: RdsEvent): Promise<void> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      if (!res.ok) this.options.log(`event ${event.detail.EventID} to ${url}: HTTP ${res.status}`);
    } catch (err) {
      this.options.log(`event ${event.detail.EventID} to ${url} not delivered: ${String(err)}`);
    }
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  kubernetesEventSchema,
  kubernetesEventSchemaFor,
  SUGGESTED_KUBERNETES_DETAIL_TYPE,
  SUGGESTED_KUBERNETES_SOURCE,
} from '../../events/kubernetes.js';

const samplesDir = new URL('../../events/samples/kubernetes/', import.meta.url);
const load = (file: string) => JSON.parse(readFileSync(new URL(file, samplesDir), 'utf8')) as Record<string, unknown>;
const files = readdirSync(samplesDir).filter((f) => f.endsWith('.json'));

describe('Kubernetes events from kubernetes-event-exporter', () => {
  it('ships a pod BackOff warning and a ScalingReplicaSet sample', () => {
    expect(files).toEqual(expect.arrayContaining(['pod-backoff-warning.json', 'deployment-scaling-replica-set.json']));
  });

  it.each(files)('validates sample %s with the suggested source and detail-type', (file) => {
    const schema = kubernetesEventSchemaFor(SUGGESTED_KUBERNETES_SOURCE, SUGGESTED_KUBERNETES_DETAIL_TYPE);
    expect(schema.parse(load(file)).detail.clusterName).toBe('prod-eks');
  });

  it('exposes what pattern triggers match on: reason, type, involved object labels and annotations', () => {
    const { detail } = kubernetesEventSchema.parse(load('pod-backoff-warning.json'));
    expect(detail.reason).toBe('BackOff');
    expect(detail.type).toBe('Warning');
    expect(detail.involvedObject.kind).toBe('Pod');
    expect(detail.involvedObject.annotations?.['kanister.kasten.io/blueprint']).toBe('postgres-bp');
    expect(detail.involvedObject.ownerReferences?.[0]?.kind).toBe('StatefulSet');
  });

  it('keeps fields it does not know, for pattern matching on newer exporter versions', () => {
    const event = load('deployment-scaling-replica-set.json');
    (event.detail as Record<string, unknown>).newField = { x: 1 };
    const parsed = kubernetesEventSchema.parse(event);
    expect((parsed.detail as Record<string, unknown>).newField).toEqual({ x: 1 });
  });

  it('accepts what Go omits or nulls: unknown object, zero count, null timestamps, micro-second eventTime', () => {
    const event = load('deployment-scaling-replica-set.json');
    event.detail = {
      metadata: { name: 'x.1' },
      involvedObject: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: '2025-06-04T14:05:11.123456Z',
      reportingComponent: '',
      reportingInstance: '',
      clusterName: '',
    };
    expect(kubernetesEventSchema.safeParse(event).success).toBe(true);
  });

  it('rejects a detail that is not an exporter event', () => {
    const event = load('pod-backoff-warning.json');
    expect(kubernetesEventSchema.safeParse({ ...event, detail: { message: 'hi' } }).success).toBe(false);
    const badTime = structuredClone(event);
    (badTime.detail as Record<string, unknown>).lastTimestamp = '4 June 2025';
    expect(kubernetesEventSchema.safeParse(badTime).success).toBe(false);
  });

  it('pins the receiver source and detail-type when asked', () => {
    const event = { ...load('pod-backoff-warning.json'), source: 'other-exporter' };
    expect(kubernetesEventSchema.safeParse(event).success).toBe(true);
    expect(
      kubernetesEventSchemaFor(SUGGESTED_KUBERNETES_SOURCE, SUGGESTED_KUBERNETES_DETAIL_TYPE).safeParse(event).success,
    ).toBe(false);
  });
});

/**
 * Kubernetes events forwarded to EventBridge by kubernetes-event-exporter's `eventbridge` receiver
 * (resmoio/kubernetes-event-exporter, pkg/sinks/eventbridge.go), for policies whose triggers are event patterns.
 *
 * The exporter sends one PutEvents entry per event with `Source` and `DetailType` taken verbatim from its config (no
 * default), and, unless a `details` layout is configured, `Detail` = the JSON of its EnhancedEvent (pkg/kube/event.go):
 * the core/v1 Event inlined (metadata, reason, message, source, timestamps, count, type, reporting*), plus
 * `clusterName` and an `involvedObject` enriched with the object's labels, annotations and owner references. Holdfast
 * needs that default detail; a custom `details` layout produces a shape of the user's choosing and is not parsed here.
 *
 * Recommended receiver config (the names below are what our samples and docs use):
 *
 *   receivers:
 *     - name: holdfast
 *       eventbridge:
 *         source: kubernetes-event-exporter
 *         detailType: Kubernetes Event
 *         eventBusName: holdfast
 *         region: eu-west-1
 *   clusterName: prod-eks   # top-level exporter setting, copied into every event's clusterName
 *
 * Go's encoding/json shapes what may be missing: `omitempty` strings vanish when empty, `count` vanishes at 0,
 * `firstTimestamp`/`lastTimestamp`/`eventTime` are `null` when unset, and `involvedObject` is `{}`-like when the
 * exporter could not look the object up. So nearly every field is optional; unknown fields are kept (the detail is
 * passed through to pattern matching), and only the two time formats and the types are checked.
 */
import { z } from 'zod';
import { envelopeFields } from './envelope.js';

export const SUGGESTED_KUBERNETES_SOURCE = 'kubernetes-event-exporter';
export const SUGGESTED_KUBERNETES_DETAIL_TYPE = 'Kubernetes Event';

const stringMap = z.record(z.string(), z.string());
/** metav1.Time (RFC 3339, seconds) and metav1.MicroTime (RFC 3339, microseconds); `null` when zero. */
const kubeTime = z.iso.datetime({ offset: true }).nullable();

export const ownerReferenceSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

/** corev1.ObjectReference + what the exporter adds (EnhancedObjectReference). */
export const involvedObjectSchema = z.looseObject({
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  uid: z.string().optional(),
  apiVersion: z.string().optional(),
  resourceVersion: z.string().optional(),
  fieldPath: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  ownerReferences: z.array(ownerReferenceSchema).optional(),
  deleted: z.boolean().optional(),
});

const objectReference = z.looseObject({
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  uid: z.string().optional(),
  apiVersion: z.string().optional(),
  resourceVersion: z.string().optional(),
  fieldPath: z.string().optional(),
});

/** The EnhancedEvent JSON: the event detail pattern triggers match on. */
export const kubernetesEventDetailSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    creationTimestamp: kubeTime.optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  }),
  involvedObject: involvedObjectSchema,
  reason: z.string().optional(),
  message: z.string().optional(),
  source: z.looseObject({ component: z.string().optional(), host: z.string().optional() }).optional(),
  firstTimestamp: kubeTime.optional(),
  lastTimestamp: kubeTime.optional(),
  count: z.number().int().nonnegative().optional(),
  /** `Normal` or `Warning`; Kubernetes reserves the right to add types, so any string is accepted. */
  type: z.string().optional(),
  eventTime: kubeTime.optional(),
  series: z.looseObject({ count: z.number().int().optional(), lastObservedTime: kubeTime.optional() }).optional(),
  action: z.string().optional(),
  related: objectReference.optional(),
  reportingComponent: z.string().optional(),
  reportingInstance: z.string().optional(),
  /** The exporter's `clusterName` setting; empty when unset. */
  clusterName: z.string().optional(),
});
export type KubernetesEventDetail = z.infer<typeof kubernetesEventDetailSchema>;

/** Any source and detail-type: both are whatever the exporter's receiver config says. */
export const kubernetesEventSchema = z.object({
  ...envelopeFields,
  source: z.string().min(1),
  'detail-type': z.string().min(1),
  detail: kubernetesEventDetailSchema,
});
export type KubernetesEvent = z.infer<typeof kubernetesEventSchema>;

/** The same, pinned to one receiver's `source` and `detailType`. */
export function kubernetesEventSchemaFor(source: string, detailType: string) {
  return kubernetesEventSchema.extend({ source: z.literal(source), 'detail-type': z.literal(detailType) });
}

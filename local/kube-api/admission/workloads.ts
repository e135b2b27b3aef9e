// Defaulting and validation of apps/v1 and batch/v1 workloads: replicas, selectors that must match the
// pod template, immutable selectors, and Job's generated selector and restart-policy rule.

import type { StatusCause } from '../errors.js';
import { fromSelectorObject, labelSelectorObjectSchema, matchesLabels } from '../selectors.js';
import { deepEqual, isRecord, type KubeObject } from '../types.js';
import type { AdmissionContext } from './context.js';
import { invalid, required, unsupported, validateLabels } from './metadata.js';
import { defaultPodSpec, validatePodSpec } from './pod-spec.js';

function specOf(object: KubeObject): Record<string, unknown> {
  if (!isRecord(object.spec)) object.spec = {};
  return object.spec as Record<string, unknown>;
}

function templateOf(spec: Record<string, unknown>): Record<string, unknown> {
  if (!isRecord(spec.template)) spec.template = {};
  const template = spec.template as Record<string, unknown>;
  if (!isRecord(template.metadata)) template.metadata = {};
  if (!isRecord(template.spec)) template.spec = {};
  defaultPodSpec(template.spec as Record<string, unknown>);
  return template;
}

function templateLabels(template: Record<string, unknown>): Record<string, string> {
  const metadata = template.metadata as Record<string, unknown>;
  if (!isRecord(metadata.labels)) metadata.labels = {};
  return metadata.labels as Record<string, string>;
}

function validateSelectorAndTemplate(spec: Record<string, unknown>, ctx: AdmissionContext): StatusCause[] {
  const template = spec.template as Record<string, unknown>;
  const causes = [
    ...validateLabels((template.metadata as Record<string, unknown>).labels, 'spec.template.metadata.labels'),
    ...validatePodSpec(template.spec, 'spec.template.spec'),
  ];
  const parsed = labelSelectorObjectSchema.safeParse(spec.selector);
  if (spec.selector === undefined) return [...causes, required('spec.selector')];
  if (!parsed.success) return [...causes, invalid('spec.selector', spec.selector, 'invalid label selector')];
  const selector = fromSelectorObject(parsed.data);
  if (selector.length === 0)
    causes.push(invalid('spec.selector', spec.selector, 'empty selector is invalid for deployment'));
  const labels = templateLabels(template);
  if (!matchesLabels(labels, selector)) {
    causes.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  const oldSpec = ctx.old && isRecord(ctx.old.spec) ? ctx.old.spec : undefined;
  if (oldSpec && !deepEqual(oldSpec.selector, spec.selector)) {
    causes.push(invalid('spec.selector', spec.selector, 'field is immutable'));
  }
  return causes;
}

function validateReplicas(spec: Record<string, unknown>): StatusCause[] {
  const replicas = spec.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    return [invalid('spec.replicas', replicas, 'must be greater than or equal to 0')];
  }
  return [];
}

export function admitDeployment(object: KubeObject, ctx: AdmissionContext): StatusCause[] {
  const spec = specOf(object);
  spec.replicas ??= 1;
  spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  templateOf(spec);
  return [...validateReplicas(spec), ...validateSelectorAndTemplate(spec, ctx)];
}

export function admitReplicaSet(object: KubeObject, ctx: AdmissionContext): StatusCause[] {
  const spec = specOf(object);
  spec.replicas ??= 1;
  templateOf(spec);
  return [...validateReplicas(spec), ...validateSelectorAndTemplate(spec, ctx)];
}

export function admitDaemonSet(object: KubeObject, ctx: AdmissionContext): StatusCause[] {
  const spec = specOf(object);
  spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
  spec.revisionHistoryLimit ??= 10;
  templateOf(spec);
  return validateSelectorAndTemplate(spec, ctx);
}

export function admitStatefulSet(object: KubeObject, ctx: AdmissionContext): StatusCause[] {
  const spec = specOf(object);
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
  spec.revisionHistoryLimit ??= 10;
  spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
  templateOf(spec);
  const causes = [...validateReplicas(spec), ...validateSelectorAndTemplate(spec, ctx)];
  const policy = spec.podManagementPolicy;
  if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    causes.push(unsupported('spec.podManagementPolicy', policy, ['OrderedReady', 'Parallel']));
  }
  return causes;
}

function defaultJobSelector(
  object: KubeObject,
  spec: Record<string, unknown>,
  template: Record<string, unknown>,
): void {
  if (spec.manualSelector === true) return;
  const uid = object.metadata.uid ?? '';
  const name = object.metadata.name ?? '';
  if (spec.selector === undefined) spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  Object.assign(templateLabels(template), {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  });
}

export function admitJob(object: KubeObject, ctx: AdmissionContext): StatusCause[] {
  const spec = specOf(object);
  spec.parallelism ??= 1;
  spec.completions ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  const template = templateOf(spec);
  defaultJobSelector(object, spec, template);
  const causes = validateSelectorAndTemplate(spec, ctx);
  const restartPolicy = (template.spec as Record<string, unknown>).restartPolicy;
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    causes.push(unsupported('spec.template.spec.restartPolicy', restartPolicy, ['OnFailure', 'Never']));
  }
  return causes;
}

// Job controller (batch/v1): runs pods `<job>-<random>` up to `parallelism` until `completions` pods
// succeeded (condition Complete) or more than `backoffLimit` failed (condition Failed,
// BackoffLimitExceeded, remaining pods deleted). Retries start at once (no back-off delay).

import { deleteObject } from '../deletion.js';
import type { ObjectService } from '../objects.js';
import { isRecord, type KubeObject, nowTimestamp } from '../types.js';
import {
  type Condition,
  condition,
  controllerRef,
  createPodFromTemplate,
  isPodReady,
  isTerminating,
  omitZero,
  ownedBy,
  podPhase,
} from './common.js';
import { OwnerController } from './owner-controller.js';
import { jobSpecSchema } from './schemas.js';

const JOB = 'batch/jobs';

function finished(job: KubeObject): boolean {
  const conditions = isRecord(job.status) && Array.isArray(job.status.conditions) ? job.status.conditions : [];
  return conditions.some((c) => isRecord(c) && (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function isActive(pod: KubeObject): boolean {
  return !isTerminating(pod) && podPhase(pod) !== 'Succeeded' && podPhase(pod) !== 'Failed';
}

export class JobController extends OwnerController {
  constructor(objects: ObjectService) {
    super(objects, { name: 'job', ownerKey: JOB, ownerKind: 'Job', childKey: '/pods' });
  }

  protected reconcileOwner(job: KubeObject, namespace: string, name: string): void {
    const previous = isRecord(job.status) ? job.status : {};
    let conditions = Array.isArray(previous.conditions) ? (previous.conditions as Condition[]) : undefined;
    let completionTime = previous.completionTime;
    if (!finished(job)) {
      const outcome = this.#advance(job);
      if (outcome === 'complete') completionTime = nowTimestamp();
      if (outcome) conditions = this.#finalConditions(previous, outcome);
    }
    const pods = ownedBy(this.objects, this.childType, job);
    const active = pods.filter(isActive);
    const status = omitZero(
      {
        startTime: previous.startTime ?? nowTimestamp(),
        active: active.length,
        succeeded: pods.filter((p) => podPhase(p) === 'Succeeded').length,
        failed: pods.filter((p) => podPhase(p) === 'Failed').length,
        ready: active.filter(isPodReady).length,
        terminating: pods.filter(isTerminating).length,
        completionTime,
      },
      ['ready', 'terminating'],
    );
    Object.assign(status, { uncountedTerminatedPods: {}, ...(conditions ? { conditions } : {}) });
    this.objects.setStatus(this.ownerType, namespace, name, status);
  }

  /** Starts missing pods, or reports that the Job just completed or failed. */
  #advance(job: KubeObject): 'complete' | 'failed' | undefined {
    const spec = jobSpecSchema.parse(job.spec);
    const namespace = job.metadata.namespace ?? 'default';
    const pods = ownedBy(this.objects, this.childType, job);
    const succeeded = pods.filter((p) => podPhase(p) === 'Succeeded').length;
    const failed = pods.filter((p) => podPhase(p) === 'Failed').length;
    const active = pods.filter(isActive);
    if (succeeded >= spec.completions) return 'complete';
    if (failed > spec.backoffLimit) {
      for (const pod of active) deleteObject(this.objects, this.childType, namespace, pod.metadata.name ?? '');
      return 'failed';
    }
    if (spec.suspend) return undefined;
    const wanted = Math.min(spec.parallelism, spec.completions - succeeded) - active.length;
    for (let i = 0; i < wanted; i++) {
      createPodFromTemplate(this.objects, this.objects.registry, {
        template: spec.template,
        namespace,
        generateName: `${job.metadata.name}-`,
        owner: controllerRef(job, 'batch/v1', 'Job'),
      });
    }
    return undefined;
  }

  #finalConditions(previous: Record<string, unknown>, outcome: 'complete' | 'failed'): Condition[] {
    if (outcome === 'complete') {
      const why = 'Reached expected number of succeeded pods';
      return [
        condition(previous, 'SuccessCriteriaMet', true, 'CompletionsReached', why),
        condition(previous, 'Complete', true, 'CompletionsReached', why),
      ];
    }
    const why = 'Job has reached the specified backoff limit';
    return [
      condition(previous, 'FailureTarget', true, 'BackoffLimitExceeded', why),
      condition(previous, 'Failed', true, 'BackoffLimitExceeded', why),
    ];
  }
}

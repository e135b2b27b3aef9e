// Defaulting and validation of pod specs, shared by Pods and every pod template (Deployment,
// StatefulSet, ReplicaSet, Job). Covers the fields a real API server would reject a pod for that a
// test or blueprint is likely to get wrong; it is not the full PodSpec validation.

import type { StatusCause } from '../errors.js';
import { isRecord } from '../types.js';
import { invalid, required, unsupported } from './metadata.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

function defaultContainer(container: Record<string, unknown>): void {
  const image = typeof container.image === 'string' ? container.image : '';
  const lastSegment = image.split('/').pop() ?? '';
  const tagged = lastSegment.includes(':') || image.includes('@');
  container.imagePullPolicy ??= !tagged || image.endsWith(':latest') ? 'Always' : 'IfNotPresent';
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  if (Array.isArray(container.ports)) {
    for (const port of container.ports) if (isRecord(port)) port.protocol ??= 'TCP';
  }
}

export function defaultPodSpec(spec: Record<string, unknown>): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  if (typeof spec.serviceAccountName === 'string') spec.serviceAccount ??= spec.serviceAccountName;
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const container of list) if (isRecord(container)) defaultContainer(container);
  }
}

function validateContainer(container: unknown, field: string, seen: Set<string>): StatusCause[] {
  if (!isRecord(container)) return [invalid(field, container, 'must be an object')];
  const causes: StatusCause[] = [];
  const name = container.name;
  if (typeof name !== 'string' || name === '') causes.push(required(`${field}.name`));
  else if (seen.has(name))
    causes.push({ reason: 'FieldValueDuplicate', field: `${field}.name`, message: `Duplicate value: "${name}"` });
  else seen.add(name);
  if (typeof container.image !== 'string' || container.image === '') causes.push(required(`${field}.image`));
  for (const key of ['command', 'args']) {
    const value = container[key];
    if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))) {
      causes.push(invalid(`${field}.${key}`, value, 'must be a list of strings'));
    }
  }
  const ports = container.ports;
  if (Array.isArray(ports)) {
    ports.forEach((port, i) => {
      const containerPort = isRecord(port) ? port.containerPort : undefined;
      if (typeof containerPort !== 'number' || containerPort < 1 || containerPort > 65535) {
        causes.push(
          invalid(`${field}.ports[${i}].containerPort`, containerPort ?? 0, 'must be between 1 and 65535, inclusive'),
        );
      }
    });
  }
  return causes;
}

/** Validates a (defaulted) pod spec; `field` is its path, e.g. `spec` or `spec.template.spec`. */
export function validatePodSpec(spec: unknown, field: string): StatusCause[] {
  if (!isRecord(spec)) return [required(field)];
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) {
    causes.push(required(`${field}.containers`));
  } else {
    spec.containers.forEach((c, i) => {
      causes.push(...validateContainer(c, `${field}.containers[${i}]`, seen));
    });
  }
  if (Array.isArray(spec.initContainers)) {
    spec.initContainers.forEach((c, i) => {
      causes.push(...validateContainer(c, `${field}.initContainers[${i}]`, seen));
    });
  }
  if (!RESTART_POLICIES.includes(String(spec.restartPolicy))) {
    causes.push(unsupported(`${field}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  return causes;
}

// Defaulting and validation of core/v1 objects other than pods: Services (cluster IP, port defaults),
// Secrets (`stringData` folded into base64 `data`), Namespaces, PersistentVolumeClaims.

import { BadRequestError, type StatusCause } from '../errors.js';
import { isRecord, type KubeObject } from '../types.js';
import type { AdmissionContext } from './context.js';
import { invalid, required } from './metadata.js';
import { defaultPodSpec, validatePodSpec } from './pod-spec.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

export function admitPod(object: KubeObject): StatusCause[] {
  if (!isRecord(object.spec)) object.spec = {};
  const spec = object.spec as Record<string, unknown>;
  defaultPodSpec(spec);
  if (!isRecord(object.status)) object.status = { phase: 'Pending', qosClass: 'BestEffort' };
  return validatePodSpec(spec, 'spec');
}

function allocateClusterIp(ctx: AdmissionContext): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const ip = `10.96.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
    if (!ctx.clusterIpInUse(ip)) return ip;
  }
  throw new BadRequestError('no cluster IPs left in 10.96.0.0/16');
}

function admitServicePorts(spec: Record<string, unknown>): StatusCause[] {
  const ports = spec.ports;
  if (!Array.isArray(ports) || ports.length === 0) {
    return spec.clusterIP === 'None' ? [] : [required('spec.ports')];
  }
  const causes: StatusCause[] = [];
  ports.forEach((port, i) => {
    if (!isRecord(port)) return;
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
    if (typeof port.port !== 'number' || port.port < 1 || port.port > 65535) {
      causes.push(invalid(`spec.ports[${i}].port`, port.port ?? 0, 'must be between 1 and 65535, inclusive'));
    }
    if (ports.length > 1 && (typeof port.name !== 'string' || port.name === '')) {
      causes.push(required(`spec.ports[${i}].name`));
    }
  });
  return causes;
}

export function admitService(object: KubeObject, ctx: AdmissionContext): StatusCause[] {
  if (!isRecord(object.spec)) object.spec = {};
  const spec = object.spec as Record<string, unknown>;
  const old = ctx.old && isRecord(ctx.old.spec) ? ctx.old.spec : undefined;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  spec.clusterIP ??= old?.clusterIP ?? allocateClusterIp(ctx);
  spec.clusterIPs ??= [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (!isRecord(object.status)) object.status = { loadBalancer: {} };
  return admitServicePorts(spec);
}

export function admitSecret(object: KubeObject): StatusCause[] {
  object.type ??= 'Opaque';
  const data: Record<string, unknown> = isRecord(object.data) ? object.data : {};
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !BASE64.test(value) || value.length % 4 !== 0) {
      throw new BadRequestError(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0 (key "${key}")`,
      );
    }
  }
  if (isRecord(object.stringData)) {
    for (const [key, value] of Object.entries(object.stringData)) {
      data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
  }
  delete object.stringData;
  if (Object.keys(data).length > 0) object.data = data;
  for (const key of Object.keys(data)) {
    if (!DATA_KEY.test(key))
      causes.push(
        invalid(`data[${key}]`, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"),
      );
  }
  return causes;
}

export function admitConfigMap(object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const field of ['data', 'binaryData']) {
    const data = object[field];
    if (data === undefined) continue;
    if (!isRecord(data)) {
      causes.push(invalid(field, data, 'must be a map'));
      continue;
    }
    for (const key of Object.keys(data)) {
      if (!DATA_KEY.test(key))
        causes.push(
          invalid(
            `${field}[${key}]`,
            key,
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
          ),
        );
    }
  }
  return causes;
}

export function admitNamespace(object: KubeObject): StatusCause[] {
  object.spec = isRecord(object.spec) ? object.spec : { finalizers: ['kubernetes'] };
  if (!isRecord(object.status)) object.status = { phase: 'Active' };
  object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name ?? '' };
  return [];
}

export function admitPersistentVolumeClaim(object: KubeObject, ctx: AdmissionContext): StatusCause[] {
  if (!isRecord(object.spec)) object.spec = {};
  const spec = object.spec as Record<string, unknown>;
  spec.volumeMode ??= 'Filesystem';
  // The DefaultStorageClass admission plugin: the local cluster's default class is "standard".
  if (ctx.operation === 'create') spec.storageClassName ??= 'standard';
  if (!isRecord(object.status)) object.status = { phase: 'Pending' };
  const causes: StatusCause[] = [];
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) causes.push(required('spec.accessModes'));
  const storage =
    isRecord(spec.resources) && isRecord(spec.resources.requests) ? spec.resources.requests.storage : undefined;
  if (storage === undefined) causes.push(required('spec.resources[storage]'));
  return causes;
}

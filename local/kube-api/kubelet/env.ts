// Container environment as the kubelet builds it: envFrom, env values with `$(VAR)` expansion,
// valueFrom secretKeyRef / configMapKeyRef / fieldRef, and kubelet's error messages when a reference
// cannot be resolved (the container then waits with CreateContainerConfigError).

import { getPath, type KubeObject } from '../types.js';
import { type ContainerSpec, POD_IP } from './spec.js';

export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

/** Looks up decoded Secret / ConfigMap data in the pod's namespace. */
export interface EnvSources {
  secret(namespace: string, name: string): Record<string, string> | undefined;
  configMap(namespace: string, name: string): Record<string, string> | undefined;
}

/** Expands `$(VAR)` references the way Kubernetes does for command, args and env values; `$$` escapes. */
export function expandVars(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && Object.hasOwn(vars, name) ? (vars[name] ?? '') : match;
  });
}

function fieldValue(pod: KubeObject, fieldPath: string): string {
  const indexed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (indexed) {
    const map = indexed[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[indexed[2] ?? ''] ?? '';
  }
  if (fieldPath === 'status.podIP' || fieldPath === 'status.hostIP') return POD_IP;
  const value = getPath(pod, fieldPath);
  return value === undefined || value === null ? '' : String(value);
}

function lookupKey(
  sources: EnvSources,
  kind: 'Secret' | 'ConfigMap',
  namespace: string,
  ref: { name?: string | undefined; key: string; optional?: boolean | undefined },
): string | undefined {
  const name = ref.name ?? '';
  const data = kind === 'Secret' ? sources.secret(namespace, name) : sources.configMap(namespace, name);
  if (!data) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(`${kind === 'Secret' ? 'secret' : 'configmap'} "${name}" not found`);
  }
  if (!Object.hasOwn(data, ref.key)) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(`couldn't find key ${ref.key} in ${kind} ${namespace}/${name}`);
  }
  return data[ref.key];
}

function applyEnvFrom(
  env: Record<string, string>,
  container: ContainerSpec,
  namespace: string,
  sources: EnvSources,
): void {
  for (const source of container.envFrom ?? []) {
    const ref = source.secretRef ?? source.configMapRef;
    if (!ref) continue;
    const kind = source.secretRef ? 'Secret' : 'ConfigMap';
    const data = kind === 'Secret' ? sources.secret(namespace, ref.name) : sources.configMap(namespace, ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${kind === 'Secret' ? 'secret' : 'configmap'} "${ref.name}" not found`);
    }
    for (const [key, value] of Object.entries(data)) env[`${source.prefix ?? ''}${key}`] = value;
  }
}

/** The full environment of a container: `base` (PATH, HOME, ports…), then envFrom, then env. */
export function resolveEnv(
  container: ContainerSpec,
  pod: KubeObject,
  sources: EnvSources,
  base: Record<string, string>,
): Record<string, string> {
  const namespace = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = { ...base };
  applyEnvFrom(env, container, namespace, sources);
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    let value: string | undefined;
    if (from?.secretKeyRef) value = lookupKey(sources, 'Secret', namespace, from.secretKeyRef);
    else if (from?.configMapKeyRef) value = lookupKey(sources, 'ConfigMap', namespace, from.configMapKeyRef);
    else if (from?.fieldRef) value = fieldValue(pod, from.fieldRef.fieldPath);
    else value = expandVars(variable.value ?? '', env);
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}

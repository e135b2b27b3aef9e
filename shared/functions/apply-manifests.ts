/**
 * ApplyManifests (Holdfast): apply manifests written by CaptureManifests, in dependency order (namespaces,
 * CRDs, config and secrets, storage, then workloads), optionally into another namespace.
 */
import { text } from 'node:stream/consumers';
import type { z } from 'zod';
import type { PhaseCall, PhaseOutput } from '../blueprint/functions-port.js';
import { applyPlanned, parseManifests, planApply } from '../kube/manifests/apply.js';
import { needClients } from '../kube/proxy.js';
import { functionArgs, goString, locationPath } from './arg-schemas.js';
import type { EdgeClients } from './ports.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('ApplyManifests', {
  /** A CaptureManifests `path` output. */
  path: locationPath('the manifests to apply'),
  /** The namespace the manifests were captured from. */
  namespace: goString('the source namespace'),
  /** Default: the source namespace. */
  targetNamespace: goString('the namespace to restore into').optional(),
});

/**
 * Output `count`: the objects now in place from the manifests (created, replaced, or left as they were because
 * they already existed and cannot change: the namespace, CRDs, PVCs, pods, Jobs).
 */
async function exec(call: PhaseCall<z.output<typeof args>>, clients: EdgeClients): Promise<PhaseOutput> {
  const { kube, location } = needClients(clients, 'ApplyManifests');
  const { namespace, path } = call.args;
  const target = call.args.targetNamespace ?? namespace;
  const manifests = parseManifests(await text(await location.download(path, { signal: call.signal })), path);
  for (const manifest of manifests) if (manifest.kind === 'Secret') registerSecret(manifest, call.redactor);
  const planned = planApply(manifests, namespace, target);
  const count = await applyPlanned(kube.config, planned, {
    targetNamespace: target,
    signal: call.signal,
    run: call.run,
    log: call.log,
  });
  call.log.info('manifests applied', { namespace: target, count });
  return { count };
}

/** Secret values must not surface in what this phase logs or reports (a 422 can quote a field). */
function registerSecret(secret: Record<string, unknown>, redactor: { add(value: string): void }): void {
  for (const [field, decode] of [
    ['data', (v: string) => Buffer.from(v, 'base64').toString('utf8')],
    ['stringData', (v: string) => v],
  ] as const) {
    const values = secret[field];
    if (typeof values !== 'object' || values === null) continue;
    for (const value of Object.values(values)) if (typeof value === 'string') redactor.add(decode(value));
  }
}

export const applyManifests = {
  name: 'ApplyManifests',
  summary: 'Apply captured manifests back in dependency order, optionally into another namespace.',
  args,
  outputs: ['count'],
  needs: ['kubernetes', 'location'],
  origin: 'holdfast',
  exec,
} as const satisfies FunctionSpec<typeof args>;

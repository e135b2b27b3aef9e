/**
 * CaptureManifests (Holdfast): write a namespace's resources to the location as one manifest document (what
 * ApplyManifests restores), with cluster-managed fields stripped.
 *
 * The object is multi-document YAML: the Namespace, then every captured object, then the CRDs of the custom
 * resources found (what is skipped and cleaned, and why: `shared/kube/manifests/clean.ts`). Secrets are included
 * by default: the location encrypts every object with its KMS key (SSE-KMS) and their values are registered with
 * the run's redactor as they are read, so they never appear in logs, outputs or errors.
 */
import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { PhaseCall, PhaseOutput } from '../blueprint/functions-port.js';
import { captureNamespace, toYamlDocument } from '../kube/manifests/capture.js';
import { needClients } from '../kube/proxy.js';
import { functionArgs, goBool, goString, goStringList, locationPath } from './arg-schemas.js';
import type { EdgeClients } from './ports.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('CaptureManifests', {
  namespace: goString('the namespace to capture'),
  path: locationPath('where to store the manifests'),
  /** Only these kinds (e.g. Deployment, ConfigMap; case-insensitive). Default: every namespaced kind. */
  includeKinds: goStringList('kinds to capture').optional(),
  /** Kinds to leave out (case-insensitive). */
  excludeKinds: goStringList('kinds to leave out').optional(),
  /** Capture Secrets too (the location is encrypted with the location's KMS key). */
  includeSecrets: goBool('whether to capture Secrets').default(true),
}).superRefine((value, ctx) => {
  const excluded = new Set((value.excludeKinds ?? []).map((k) => k.toLowerCase()));
  const both = (value.includeKinds ?? []).filter((k) => excluded.has(k.toLowerCase()));
  if (both.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['excludeKinds'], message: `${both.join(', ')} both included and excluded` });
  }
  if (!value.includeSecrets && value.includeKinds?.some((k) => k.toLowerCase() === 'secret')) {
    ctx.addIssue({ code: 'custom', path: ['includeSecrets'], message: 'is false but includeKinds lists Secret' });
  }
});

/** Marks the object for people browsing the bucket; no secrets in metadata. */
export const MANIFESTS_CONTENT_TYPE = 'kubernetes-manifests';

async function exec(call: PhaseCall<z.output<typeof args>>, clients: EdgeClients): Promise<PhaseOutput> {
  const { kube, location } = needClients(clients, 'CaptureManifests');
  const { namespace, path } = call.args;
  const manifests = captureNamespace(kube.config, {
    namespace,
    includeSecrets: call.args.includeSecrets,
    ...(call.args.includeKinds ? { includeKinds: call.args.includeKinds } : {}),
    ...(call.args.excludeKinds ? { excludeKinds: call.args.excludeKinds } : {}),
    signal: call.signal,
    onSecretValue: (value) => call.redactor.add(value),
    log: call.log,
  });
  let count = 0;
  const documents = Readable.from(
    (async function* () {
      for await (const manifest of manifests) {
        count++;
        yield toYamlDocument(manifest);
      }
    })(),
  );
  const stored = await location.upload(path, documents, {
    compression: 'none',
    signal: call.signal,
    metadata: { 'holdfast-content': MANIFESTS_CONTENT_TYPE, 'holdfast-namespace': namespace },
  });
  call.log.info('namespace manifests captured', { namespace, count, object: stored.url });
  return { path, sha256: stored.sha256, count };
}

export const captureManifests = {
  name: 'CaptureManifests',
  summary: "Write a namespace's resources to the location as manifests (restored by ApplyManifests).",
  args,
  outputs: ['path', 'sha256', 'count'],
  needs: ['kubernetes', 'location'],
  origin: 'holdfast',
  exec,
} as const satisfies FunctionSpec<typeof args>;

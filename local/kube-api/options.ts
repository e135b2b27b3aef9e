// Options of the local Kubernetes API server, validated with zod; `optionsFromEnv` reads the
// HOLDFAST_KUBE_API_* variables the CLI entry point honours.

import { z } from 'zod';
import type { FaultHook } from './faults.js';

export const kubeApiOptionsSchema = z.object({
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(0),
  /** Persist objects (and pod logs / working dirs) here; in memory and a temp dir when absent. */
  stateDir: z.string().optional(),
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token: z.string().min(1).optional(),
  /** VolumeSnapshot: delay until `status.creationTime` is set. */
  snapshotCreationDelayMs: z.number().int().min(0).default(200),
  /** VolumeSnapshot: further delay until `readyToUse: true`. */
  snapshotReadyDelayMs: z.number().int().min(0).default(500),
  /** Image name (with or without tag) → command run when a container declares no `command`. */
  imageCommands: z.record(z.string(), z.array(z.string()).min(1)).default({}),
  /**
   * Image name (with or without tag) → directories put in front of PATH for its containers and their execs:
   * the binaries that image would bring (e.g. a `curl` wrapper for `curlimages/curl`).
   */
  imagePath: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** Container restart back-off: first delay, doubling up to the maximum. */
  restartBackoffMs: z.number().int().min(1).default(1000),
  restartBackoffMaxMs: z.number().int().min(1).default(10_000),
  /** Grace period for container processes when the server shuts down. */
  shutdownGraceMs: z.number().int().min(0).default(2000),
  /** Tests only (no flag or env var): decides per request whether to inject a fault. See faults.ts. */
  faults: z.custom<FaultHook>((value) => typeof value === 'function', 'faults must be a function').optional(),
});

export type KubeApiOptions = z.input<typeof kubeApiOptionsSchema>;
export type ResolvedKubeApiOptions = z.output<typeof kubeApiOptionsSchema>;

const numberFromEnv = z.coerce.number().int().min(0);

/** Options from HOLDFAST_KUBE_API_* environment variables (the CLI flags override them). */
export function optionsFromEnv(env: NodeJS.ProcessEnv): KubeApiOptions {
  const out: KubeApiOptions = {};
  if (env.HOLDFAST_KUBE_API_STATE_DIR) out.stateDir = env.HOLDFAST_KUBE_API_STATE_DIR;
  if (env.HOLDFAST_KUBE_API_TOKEN) out.token = env.HOLDFAST_KUBE_API_TOKEN;
  if (env.HOLDFAST_KUBE_API_SNAPSHOT_CREATION_DELAY_MS) {
    out.snapshotCreationDelayMs = numberFromEnv.parse(env.HOLDFAST_KUBE_API_SNAPSHOT_CREATION_DELAY_MS);
  }
  if (env.HOLDFAST_KUBE_API_SNAPSHOT_READY_DELAY_MS) {
    out.snapshotReadyDelayMs = numberFromEnv.parse(env.HOLDFAST_KUBE_API_SNAPSHOT_READY_DELAY_MS);
  }
  if (env.HOLDFAST_KUBE_API_IMAGE_COMMANDS) {
    out.imageCommands = z
      .record(z.string(), z.array(z.string()))
      .parse(JSON.parse(env.HOLDFAST_KUBE_API_IMAGE_COMMANDS));
  }
  if (env.HOLDFAST_KUBE_API_IMAGE_PATH) {
    out.imagePath = z.record(z.string(), z.array(z.string())).parse(JSON.parse(env.HOLDFAST_KUBE_API_IMAGE_PATH));
  }
  return out;
}

/**
 * Who runs a local run: a file per running run (`<home>/runs/<run id>.json`) naming the holdfast process that runs
 * it, what it runs against and which configuration it read. A local run is alive exactly as long as that process;
 * the watchdog treats a run whose owner is gone the way the Lambda watchdog treats a stopped durable execution.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { LocalHome } from './home.js';
import { isAlive, processIdentitySchema, selfIdentity } from './processes.js';

export const runOwnerSchema = z.strictObject({
  owner: processIdentitySchema,
  target: z.strictObject({
    sandbox: z.boolean(),
    kubeconfig: z.string().optional(),
    context: z.string().optional(),
    region: z.string().optional(),
  }),
  config: z.array(z.string()),
});
export type RunOwner = z.infer<typeof runOwnerSchema>;

export async function claimRun(home: LocalHome, runId: string, owner: Omit<RunOwner, 'owner'>): Promise<void> {
  await writeFile(home.runOwnerFile(runId), JSON.stringify({ ...owner, owner: selfIdentity() } satisfies RunOwner));
}

export async function releaseRun(home: LocalHome, runId: string): Promise<void> {
  await rm(home.runOwnerFile(runId), { force: true });
}

export async function readRunOwner(home: LocalHome, runId: string): Promise<RunOwner | undefined> {
  try {
    return runOwnerSchema.parse(JSON.parse(await readFile(home.runOwnerFile(runId), 'utf8')));
  } catch {
    return undefined;
  }
}

/** A run with no owner file, or whose owner is dead, is not running any more whatever its record says. */
export function ownerAlive(owner: RunOwner | undefined): boolean {
  return owner !== undefined && isAlive(owner.owner);
}

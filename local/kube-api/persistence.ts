// Optional persistence of the object store as one JSON file (`--state-dir`), rewritten atomically a
// moment after each change and once more on shutdown, so a restarted server keeps its objects.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { ObjectStore, StoreSnapshot } from './store.js';
import type { KubeObject } from './types.js';

const WRITE_DELAY_MS = 50;

const snapshotSchema = z.object({
  resourceVersion: z.number().int(),
  objects: z.record(z.string(), z.array(z.looseObject({ metadata: z.looseObject({}) }))),
});

export class StateFileError extends Error {
  constructor(path: string, cause: unknown) {
    super(`cannot read kube-api state file ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'StateFileError';
  }
}

export class StatePersister {
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly path: string,
  ) {}

  /** Loads the state file into the store if it exists. */
  load(): void {
    if (!existsSync(this.path)) return;
    try {
      const parsed = snapshotSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
      this.store.restore(parsed as StoreSnapshot & { objects: Record<string, KubeObject[]> });
    } catch (error) {
      throw new StateFileError(this.path, error);
    }
  }

  start(): void {
    this.#unsubscribe = this.store.subscribe(() => {
      this.#timer ??= setTimeout(() => this.flush(), WRITE_DELAY_MS);
    });
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.store.snapshot()));
    renameSync(temporary, this.path);
  }

  close(): void {
    this.#unsubscribe?.();
    this.flush();
  }
}

// The controller pattern in miniature: store events map to keys, keys go through a de-duplicating
// work queue, and `reconcile(key)` runs asynchronously (never inside a store listener, so watchers
// always see events in resourceVersion order). Failed reconciles are retried.

import type { ObjectService } from '../objects.js';
import type { StoreEvent } from '../store.js';

const RETRY_MS = 500;

/** Runs `handle(key)` asynchronously, once per burst of `add(key)` calls; retries on errors. */
export class WorkQueue {
  readonly #pending = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #scheduled = false;
  #closed = false;

  constructor(
    private readonly name: string,
    private readonly handle: (key: string) => void,
  ) {}

  add(key: string, delayMs = 0): void {
    if (this.#closed) return;
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.add(key);
      }, delayMs);
      this.#timers.add(timer);
      return;
    }
    this.#pending.add(key);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#drain());
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#pending.clear();
  }

  #drain(): void {
    this.#scheduled = false;
    const keys = [...this.#pending];
    this.#pending.clear();
    for (const key of keys) {
      if (this.#closed) return;
      try {
        this.handle(key);
      } catch (error) {
        console.error(`kube-api ${this.name} controller (${key}):`, error instanceof Error ? error.message : error);
        this.add(key, RETRY_MS);
      }
    }
  }
}

export abstract class Controller {
  protected readonly queue: WorkQueue;

  constructor(
    protected readonly objects: ObjectService,
    name: string,
  ) {
    this.queue = new WorkQueue(name, (key) => this.reconcile(key));
  }

  /** Subscribes, queues `initialKeys()`, and returns the function that stops the controller. */
  start(): () => void {
    const unsubscribe = this.objects.store.subscribe((event) => {
      for (const key of this.keysFor(event)) this.queue.add(key);
    });
    for (const key of this.initialKeys()) this.queue.add(key);
    return () => {
      unsubscribe();
      this.queue.close();
    };
  }

  /** Keys to reconcile because of a store event. */
  protected abstract keysFor(event: StoreEvent): string[];

  /** Keys to reconcile at start (objects restored from a state file). */
  protected abstract initialKeys(): string[];

  protected abstract reconcile(key: string): void;
}

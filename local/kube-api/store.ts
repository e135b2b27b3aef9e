// In-memory object store: one map per resource type, a global resourceVersion counter, a bounded event
// history for watches that resume from a resourceVersion, and synchronous change listeners.
// It knows nothing of HTTP or validation; `objects.ts` layers Kubernetes semantics on top.

import { clone, type KubeObject, objectKey, type WatchEventType } from './types.js';

export interface StoreEvent {
  type: WatchEventType;
  typeKey: string;
  object: KubeObject;
  /** The object before a MODIFIED change, so watches can tell when a selector stops matching. */
  previous?: KubeObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

export interface StoreSnapshot {
  resourceVersion: number;
  objects: Record<string, KubeObject[]>;
}

export class ObjectStore {
  readonly #objects = new Map<string, Map<string, KubeObject>>();
  readonly #history: StoreEvent[] = [];
  readonly #listeners = new Set<StoreListener>();
  #resourceVersion = 1;

  constructor(private readonly historyLimit = 10_000) {}

  get resourceVersion(): number {
    return this.#resourceVersion;
  }

  get(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.#objects.get(typeKey)?.get(objectKey(namespace, name));
    return found ? clone(found) : undefined;
  }

  /** Objects of a type, optionally in one namespace, sorted by namespace then name. */
  list(typeKey: string, namespace?: string): KubeObject[] {
    const bucket = this.#objects.get(typeKey);
    if (!bucket) return [];
    const keys = [...bucket.keys()].sort();
    const out: KubeObject[] = [];
    for (const key of keys) {
      const object = bucket.get(key);
      if (object && (namespace === undefined || object.metadata.namespace === namespace)) out.push(clone(object));
    }
    return out;
  }

  typeKeys(): string[] {
    return [...this.#objects.keys()];
  }

  insert(typeKey: string, object: KubeObject): KubeObject {
    const stored = this.#stamp(object);
    this.#bucket(typeKey).set(objectKey(stored.metadata.namespace, stored.metadata.name ?? ''), stored);
    this.#emit({ type: 'ADDED', typeKey, object: stored });
    return clone(stored);
  }

  replace(typeKey: string, object: KubeObject): KubeObject {
    const key = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    const bucket = this.#bucket(typeKey);
    const previous = bucket.get(key);
    const stored = this.#stamp(object);
    bucket.set(key, stored);
    this.#emit({ type: 'MODIFIED', typeKey, object: stored, ...(previous ? { previous } : {}) });
    return clone(stored);
  }

  remove(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const bucket = this.#objects.get(typeKey);
    const key = objectKey(namespace, name);
    const existing = bucket?.get(key);
    if (!bucket || !existing) return undefined;
    bucket.delete(key);
    const stored = this.#stamp(existing);
    this.#emit({ type: 'DELETED', typeKey, object: stored });
    return clone(stored);
  }

  /** Events after `resourceVersion`, or undefined when the history no longer reaches back that far. */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    const oldest = this.#history[0];
    if (resourceVersion >= this.#resourceVersion) return [];
    if (!oldest || oldest.resourceVersion > resourceVersion + 1) return undefined;
    return this.#history.filter((e) => e.resourceVersion > resourceVersion);
  }

  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  snapshot(): StoreSnapshot {
    const objects: Record<string, KubeObject[]> = {};
    for (const [typeKey, bucket] of this.#objects) objects[typeKey] = [...bucket.values()];
    return { resourceVersion: this.#resourceVersion, objects };
  }

  /** Loads persisted objects without emitting events; the history starts empty after a restart. */
  restore(snapshot: StoreSnapshot): void {
    this.#resourceVersion = Math.max(this.#resourceVersion, snapshot.resourceVersion);
    for (const [typeKey, objects] of Object.entries(snapshot.objects)) {
      const bucket = this.#bucket(typeKey);
      for (const object of objects)
        bucket.set(objectKey(object.metadata.namespace, object.metadata.name ?? ''), object);
    }
  }

  #bucket(typeKey: string): Map<string, KubeObject> {
    let bucket = this.#objects.get(typeKey);
    if (!bucket) {
      bucket = new Map();
      this.#objects.set(typeKey, bucket);
    }
    return bucket;
  }

  #stamp(object: KubeObject): KubeObject {
    this.#resourceVersion += 1;
    const stored = clone(object);
    stored.metadata.resourceVersion = String(this.#resourceVersion);
    return stored;
  }

  #emit(event: Omit<StoreEvent, 'resourceVersion'>): void {
    const full: StoreEvent = { ...event, resourceVersion: this.#resourceVersion };
    this.#history.push(full);
    if (this.#history.length > this.historyLimit) this.#history.splice(0, this.#history.length - this.historyLimit);
    for (const listener of [...this.#listeners]) listener(full);
  }
}

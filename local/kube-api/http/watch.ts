// Watch streams: newline-delimited JSON events (ADDED / MODIFIED / DELETED, BOOKMARK on request),
// starting with the current state or resuming after a resourceVersion, filtered by namespace and
// selectors (an object that stops matching is reported as DELETED, as the watch cache does).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { GoneError } from '../errors.js';
import type { ObjectService } from '../objects.js';
import { keyOf, type ResourceType } from '../resources.js';
import { type FieldSelector, type LabelSelector, matchesFields, matchesLabels } from '../selectors.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject, WatchEventType } from '../types.js';

export interface WatchRequest {
  type: ResourceType;
  version: string;
  namespace?: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  resourceVersion?: string;
  timeoutSeconds?: number;
  bookmarks: boolean;
}

const BOOKMARK_INTERVAL_MS = 10_000;

function eventTypeFor(event: StoreEvent, matches: (o: KubeObject) => boolean): WatchEventType | undefined {
  const now = matches(event.object);
  if (event.type !== 'MODIFIED') return now ? event.type : undefined;
  const before = event.previous ? matches(event.previous) : now;
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}

interface WatchStream {
  key: string;
  matches(object: KubeObject): boolean;
  send(type: string, object: unknown): void;
  present(object: KubeObject): KubeObject;
}

/** Sends the starting state; false when the requested resourceVersion is too old (410 ERROR sent). */
function sendInitial(objects: ObjectService, watch: WatchRequest, stream: WatchStream): boolean {
  const rv = watch.resourceVersion;
  if (rv === undefined || rv === '' || rv === '0') {
    for (const object of objects.list(watch.type, watch.namespace)) {
      if (stream.matches(object)) stream.send('ADDED', stream.present(object));
    }
    return true;
  }
  const missed = Number.isNaN(Number(rv)) ? undefined : objects.store.eventsSince(Number(rv));
  if (!missed) {
    stream.send(
      'ERROR',
      new GoneError(`too old resource version: ${rv} (${objects.store.resourceVersion})`).toStatus(),
    );
    return false;
  }
  for (const event of missed) {
    const type = event.typeKey === stream.key ? eventTypeFor(event, stream.matches) : undefined;
    if (type) stream.send(type, stream.present(event.object));
  }
  return true;
}

function startTimers(
  objects: ObjectService,
  watch: WatchRequest,
  stream: WatchStream,
  res: ServerResponse,
): NodeJS.Timeout[] {
  const timers: NodeJS.Timeout[] = [];
  if (watch.bookmarks) {
    const apiVersion = stream.present({ metadata: {} }).apiVersion;
    const bookmark = (): void => {
      const metadata = { resourceVersion: String(objects.store.resourceVersion) };
      stream.send('BOOKMARK', { kind: watch.type.kind, apiVersion, metadata });
    };
    timers.push(setInterval(bookmark, BOOKMARK_INTERVAL_MS));
  }
  if (watch.timeoutSeconds !== undefined && watch.timeoutSeconds > 0) {
    timers.push(setTimeout(() => res.end(), watch.timeoutSeconds * 1000));
  }
  return timers;
}

export function serveWatch(
  objects: ObjectService,
  watch: WatchRequest,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const stream: WatchStream = {
    key: keyOf(watch.type),
    matches: (o) =>
      (watch.namespace === undefined || o.metadata.namespace === watch.namespace) &&
      matchesLabels(o.metadata.labels, watch.labelSelector) &&
      matchesFields(o, watch.fieldSelector),
    send: (type, object) => {
      res.write(`${JSON.stringify({ type, object })}\n`);
    },
    present: (o) => objects.present(watch.type, o, watch.version),
  };
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  if (!sendInitial(objects, watch, stream)) {
    res.end();
    return;
  }
  const unsubscribe = objects.store.subscribe((event) => {
    if (event.typeKey !== stream.key) return;
    const type = eventTypeFor(event, stream.matches);
    if (type) stream.send(type, stream.present(event.object));
  });
  const timers = startTimers(objects, watch, stream, res);
  const stop = (): void => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
  };
  res.on('close', stop);
  req.on('close', stop);
}

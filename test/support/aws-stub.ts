/**
 * A local endpoint for the two AWS APIs no emulator covers here, speaking their wire protocols so the real SDK
 * clients (pointed at it with AWS_ENDPOINT_URL_EVENTBRIDGE / AWS_ENDPOINT_URL_LAMBDA) work unchanged:
 * EventBridge PutEvents (JSON 1.1) is recorded; Lambda Invoke is recorded and handed to `onInvoke`, once per durable
 * execution name, as the durable service does (the same name returns the existing execution).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PutEventsEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName?: string;
}

export interface Invocation {
  functionName: string;
  qualifier?: string;
  invocationType?: string;
  durableExecutionName?: string;
  payload: unknown;
}

export interface AwsStub {
  readonly url: string;
  readonly events: PutEventsEntry[];
  readonly invocations: Invocation[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startAwsStub(onInvoke: (inv: Invocation) => void): Promise<AwsStub> {
  const events: PutEventsEntry[] = [];
  const invocations: Invocation[] = [];
  const started = new Set<string>();
  const server = createServer(async (req, res) => {
    const text = await body(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target === 'AWSEvents.PutEvents') {
      const entries = (JSON.parse(text) as { Entries: PutEventsEntry[] }).Entries;
      events.push(...entries);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) }));
      return;
    }
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    if (req.method === 'POST' && invoke) {
      const url = new URL(req.url ?? '', 'http://stub');
      const inv: Invocation = {
        functionName: decodeURIComponent(invoke[1] ?? ''),
        qualifier: url.searchParams.get('Qualifier') ?? undefined,
        invocationType: req.headers['x-amz-invocation-type'] as string | undefined,
        durableExecutionName: req.headers['x-amz-durable-execution-name'] as string | undefined,
        payload: text ? JSON.parse(text) : undefined,
      };
      invocations.push(inv);
      const key = `${inv.functionName}:${inv.durableExecutionName ?? randomUUID()}`;
      if (!started.has(key)) {
        started.add(key);
        onInvoke(inv);
      }
      res.writeHead(202);
      res.end();
      return;
    }
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `aws-stub: unsupported request ${req.method} ${req.url} ${target}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    invocations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

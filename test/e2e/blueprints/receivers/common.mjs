/**
 * What the local HTTP receivers standing in for snapshot APIs share. Each runs as a pod's container process under
 * the local Kubernetes API (listening on the port the local kubelet gave the container, `PORT`, on 127.0.0.1) and
 * appends every request it answers to the JSON-lines file `RECORD`: pod, method, URL, the auth headers and JSON
 * body it got, plus whatever the handler adds. Plain JavaScript: the pods run it with `node` directly.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';

/** `(request, body) => { status, json?, stream?, note? }`; `stream` is an async iterable of Buffers. */
export function serve(handle, tls) {
  const onRequest = (req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const answer = await handle(req, body);
      record(req, body, answer);
      res.writeHead(answer.status, { 'content-type': answer.stream ? 'application/octet-stream' : 'application/json' });
      if (!answer.stream) return res.end(JSON.stringify(answer.json ?? {}));
      for await (const block of answer.stream) if (!res.write(block)) await new Promise((r) => res.once('drain', r));
      res.end();
    });
  };
  const server = tls ? createTlsServer(tls, onRequest) : createServer(onRequest);
  server.listen(Number(process.env.PORT), '127.0.0.1', () => {
    if (process.env.PORT_FILE) writeFileSync(process.env.PORT_FILE, String(server.address().port));
  });
}

function record(req, body, answer) {
  const text = body.toString('utf8');
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const entry = {
    pod: process.env.HOSTNAME,
    method: req.method,
    url: req.url,
    apiKey: req.headers['api-key'] ?? null,
    authorization: req.headers.authorization ?? null,
    contentType: req.headers['content-type'] ?? null,
    body: json ?? (text ? `<${body.length} bytes>` : null),
    status: answer.status,
    ...answer.note,
  };
  appendFileSync(process.env.RECORD, `${JSON.stringify(entry)}\n`);
}

/** `size` bytes that depend only on `seed`, produced in 64 KiB blocks. */
export async function* pattern(seed, size) {
  const { createHash } = await import('node:crypto');
  let block = createHash('sha512').update(seed).digest();
  for (let sent = 0; sent < size; ) {
    const chunk = Buffer.alloc(Math.min(65536, size - sent));
    for (let i = 0; i < chunk.length; i += block.length) {
      block = createHash('sha512').update(block).digest();
      block.copy(chunk, i);
    }
    sent += chunk.length;
    yield chunk;
  }
}

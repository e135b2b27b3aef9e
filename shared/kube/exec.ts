/**
 * Running a command in a pod's container through the exec API (client-node's `Exec` over WebSocket, v5/v4
 * channel protocols), with what blueprint functions need and client-node leaves out: stdout/stderr delivered
 * with backpressure, stdin streamed and closed, the exit code from the status channel, a timeout and abort that
 * stop the command, retries only while nothing has started (connect failures, 429/5xx before the upgrade), and
 * errors that name the pod and quote the command's last output lines, redacted.
 */
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { WebSocket } from 'ws';
import { abortError, isTransient, kubeApis, kubeCall, sleep, toKubeError } from './api.js';
import { ExecError, KubeAbortError, KubeApiError } from './errors.js';
import { flowControlled, pumpStdin, Tail } from './exec-streams.js';

export interface ExecRequest {
  readonly namespace: string;
  readonly pod: string;
  /** Default: the pod's `kubectl.kubernetes.io/default-container`, else its first container (as kubectl). */
  readonly container?: string;
  readonly command: readonly string[];
  /** Sent as the command's stdin, then closed (needs the v5 protocol: Kubernetes 1.29+). */
  readonly stdin?: Readable;
  /** Receive output with backpressure; ended when the command succeeds, destroyed (no error event) when it fails. */
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  /** Keep the last stdout lines for error messages (off for binary streams). Default true. */
  readonly stdoutTail?: boolean;
  readonly signal: AbortSignal;
  /** Stops the command after this long. */
  readonly timeoutMs?: number;
  /** Connection attempts while the command has not started. Default 3. */
  readonly connectAttempts?: number;
  /** Applied to every message this produces (commands and output can carry Secret values). */
  readonly redact?: (text: string) => string;
}

export interface ExecResult {
  readonly container: string;
  /** Bytes sent to stdin. */
  readonly stdinBytes: number;
}

const V5 = 'v5.channel.k8s.io';
const PROTOCOLS = [V5, 'v4.channel.k8s.io'];
const CLOSE_SIGNAL = 255;

export async function execInPod(config: KubeConfig, req: ExecRequest): Promise<ExecResult> {
  const redact = req.redact ?? ((text: string) => text);
  const signal = req.timeoutMs ? AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)]) : req.signal;
  const container = req.container || (await defaultContainer(config, req.namespace, req.pod, signal));
  const where = `pod ${req.namespace}/${req.pod} (container ${container})`;
  const attempts = req.connectAttempts ?? 3;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const stdinBytes = await runOnce(config, req, container, signal, where, redact);
        req.stdout?.end();
        req.stderr?.end();
        return { container, stdinBytes };
      } catch (error) {
        const retry = error instanceof ConnectFailure && isTransient(error.cause) && attempt < attempts;
        if (!retry) throw error instanceof ConnectFailure ? error.cause : error;
        await sleep(500 * 2 ** (attempt - 1), signal);
      }
    }
  } catch (error) {
    const final = error instanceof KubeAbortError || signal.aborted ? stopped(req, signal) : error;
    // Destroyed without an error: the caller gets the error from us, and may not listen for 'error' events.
    req.stdout?.destroy();
    req.stderr?.destroy();
    throw final;
  }
}

function stopped(req: ExecRequest, signal: AbortSignal): KubeAbortError {
  const timedOut = !req.signal.aborted && abortError(signal).timedOut;
  return timedOut
    ? new KubeAbortError(`command in pod ${req.namespace}/${req.pod} timed out after ${req.timeoutMs}ms`, true)
    : abortError(req.signal);
}

async function defaultContainer(config: KubeConfig, namespace: string, pod: string, signal: AbortSignal) {
  const { core } = kubeApis(config, { signal });
  const found = await kubeCall(`get pod ${namespace}/${pod}`, { signal, idempotent: true }, () =>
    core.readNamespacedPod({ namespace, name: pod }),
  );
  const annotated = found.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  const first = found.spec?.containers[0]?.name;
  const name = annotated || first;
  if (!name) throw new ExecError(`pod ${namespace}/${pod} has no containers`, { started: false });
  return name;
}

/** A failure before the command started: safe to retry when transient. */
class ConnectFailure extends Error {
  constructor(override readonly cause: KubeApiError) {
    super(cause.message);
  }
}

interface Session {
  socket?: WebSocket;
  httpFailure?: { status: number; body: string };
}

/** One WebSocket session; resolves with the stdin bytes sent once the command exited 0. */
async function runOnce(
  config: KubeConfig,
  req: ExecRequest,
  container: string,
  signal: AbortSignal,
  where: string,
  redact: (text: string) => string,
): Promise<number> {
  const session: Session = {};
  const flow = { pause: () => session.socket?.pause(), resume: () => session.socket?.resume() };
  const tails = { stdout: req.stdoutTail === false ? undefined : new Tail(), stderr: new Tail() };
  const stdout = flowControlled(req.stdout, flow, tails.stdout);
  const stderr = flowControlled(req.stderr, flow, tails.stderr);
  // client-node pumps its stdin argument without backpressure; it gets a silent stand-in and we send stdin.
  const stdinStandIn = req.stdin ? new PassThrough() : null;
  const socket = new ExecSocket(config, session, req.stdin ? [V5] : PROTOCOLS);
  let status: ((s: V1Status) => void) | undefined;
  const statusReceived = new Promise<V1Status>((resolve) => {
    status = resolve;
  });
  if (signal.aborted) throw abortError(signal);
  const onAbort = () => session.socket?.terminate();
  signal.addEventListener('abort', onAbort, { once: true });
  let ws: WebSocket;
  try {
    ws = (await new Exec(config, socket).exec(
      req.namespace,
      req.pod,
      container,
      [...req.command],
      req.stdout || tails.stdout ? stdout : null,
      stderr,
      stdinStandIn,
      false,
      (s) => status?.(s),
    )) as unknown as WebSocket;
  } catch (error) {
    throw new ConnectFailure(connectError(error, session, where, signal, redact));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return withSession(ws, req, signal, statusReceived, { where, redact, tails });
}

type WebSocketInterface = NonNullable<ConstructorParameters<typeof Exec>[1]>;
type BinaryHandler = Parameters<WebSocketInterface['connect']>[2];

/**
 * client-node's Exec over our own socket: we hold the WebSocket from the start (to pause it, and to terminate it
 * on abort), read the Status body of a refused upgrade, and offer only v5 when stdin must be closed.
 */
class ExecSocket implements WebSocketInterface {
  constructor(
    private readonly config: KubeConfig,
    private readonly session: Session,
    private readonly protocols: readonly string[],
  ) {}

  async connect(path: string, _text: unknown, binary: BinaryHandler): Promise<WebSocket> {
    const server = this.config.getCurrentCluster()?.server ?? '';
    const opts: WebSocket.ClientOptions = { handshakeTimeout: 30_000, perMessageDeflate: false };
    await this.config.applyToHTTPSOptions(opts);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(server.replace(/^http/, 'ws') + path, [...this.protocols], opts);
      this.session.socket = ws;
      ws.once('unexpected-response', (_request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          this.session.httpFailure = { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() };
          ws.terminate();
        });
        response.on('error', () => ws.terminate());
      });
      ws.once('open', () => resolve(ws));
      ws.on('error', reject);
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        // Channel 255 (v5) announces a closed stream; the status on channel 3 is what ends a session.
        if (!isBinary || data.length === 0 || data[0] === CLOSE_SIGNAL || !binary) return;
        if (!binary(data[0] as number, data.subarray(1))) ws.close();
      });
    });
  }
}

function connectError(
  error: unknown,
  session: Session,
  where: string,
  signal: AbortSignal,
  redact: (text: string) => string,
): KubeApiError {
  const operation = `exec in ${where}`;
  const failure = session.httpFailure;
  const mapped = failure
    ? toKubeError(operation, { code: failure.status, body: failure.body }, signal)
    : toKubeError(operation, error, signal);
  if (!(mapped instanceof KubeApiError)) throw mapped;
  return new KubeApiError(operation, mapped.status, mapped.reason, redact(mapped.message), { cause: error });
}

interface Reporting {
  readonly where: string;
  readonly redact: (text: string) => string;
  readonly tails: { readonly stdout?: Tail; readonly stderr: Tail };
}

async function withSession(
  ws: WebSocket,
  req: ExecRequest,
  signal: AbortSignal,
  statusReceived: Promise<V1Status>,
  reporting: Reporting,
): Promise<number> {
  const ended = new Promise<never>((_resolve, reject) => {
    const onAbort = () => {
      ws.terminate();
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    ws.once('close', () => {
      signal.removeEventListener('abort', onAbort);
      reject(lostConnection(reporting));
    });
  });
  ended.catch(() => {});
  const stdin = req.stdin ? pumpStdin(ws, req.stdin) : Promise.resolve(0);
  const stdinFailed = stdin.then(
    () => new Promise<never>(() => {}),
    (error: unknown) => {
      ws.terminate();
      const why = reporting.redact(error instanceof Error ? error.message : String(error));
      throw new ExecError(
        `streaming stdin into ${reporting.where} failed: ${why}`,
        { started: true },
        { cause: error },
      );
    },
  );
  const outcome = await Promise.race([statusReceived, ended, stdinFailed]);
  const exit = exitOf(outcome);
  if (exit.code !== 0) throw commandFailed(exit, reporting);
  return stdin;
}

function exitOf(status: V1Status): { code: number | undefined; message?: string } {
  if (status.status === 'Success') return { code: 0 };
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause?.message !== undefined ? Number.parseInt(cause.message, 10) : Number.NaN;
  return Number.isNaN(code) ? { code: undefined, message: status.message } : { code };
}

function commandFailed(exit: { code: number | undefined; message?: string }, r: Reporting): ExecError {
  const stdoutTail = r.tails.stdout ? r.redact(r.tails.stdout.toString()) : undefined;
  const stderrTail = r.redact(r.tails.stderr.toString());
  const head =
    exit.code !== undefined
      ? `command in ${r.where} exited with code ${exit.code}`
      : `command in ${r.where} could not run: ${r.redact(exit.message ?? 'no reason given')}`;
  const lines = [head, ...(stdoutTail !== undefined ? [`stdout: ${stdoutTail}`] : []), `stderr: ${stderrTail}`];
  return new ExecError(lines.join('\n'), { exitCode: exit.code, started: true, stdoutTail, stderrTail });
}

function lostConnection(r: Reporting): ExecError {
  return new ExecError(
    `the connection to the API server closed while the command ran in ${r.where}; its outcome is unknown ` +
      '(not retried: it may already have had effects)',
    { started: true, stderrTail: r.redact(r.tails.stderr.toString()) },
  );
}

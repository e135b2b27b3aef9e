/** Builds the PhaseCall and clients an RDS function execution gets from the interpreter, for unit tests. */
import { RDSClient } from '@aws-sdk/client-rds';
import type { RdsOptions } from '../../../../shared/aws/rds/session.js';
import type { PhaseCall } from '../../../../shared/blueprint/functions-port.js';
import { InProcessRunContext } from '../../../../shared/blueprint/in-process-context.js';
import { Redactor } from '../../../../shared/blueprint/redact.js';
import type { Logger } from '../../../../shared/blueprint/run-context.js';
import type { EdgeClients, RdsAccess } from '../../../../shared/functions/ports.js';

export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface CallOptions {
  readonly runId?: string;
  readonly action?: string;
  readonly phase?: string;
  readonly params?: Record<string, unknown>;
  readonly run?: InProcessRunContext;
  readonly log?: Logger;
}

export function phaseCall<A>(args: A, options: CallOptions = {}): PhaseCall<A> & { run: InProcessRunContext } {
  const log = options.log ?? recordingLogger();
  const run =
    options.run ?? new InProcessRunContext({ log, runId: options.runId ?? 'run-1', firstPollMs: 1, maxPollMs: 4 });
  return {
    args,
    action: options.action ?? 'backup',
    phase: options.phase ?? 'createSnapshot',
    params: options.params ?? {},
    run,
    signal: new AbortController().signal,
    log,
    redactor: new Redactor(),
  };
}

export function rdsAccess(defaultRegion = 'us-east-1'): RdsAccess {
  const clients = new Map<string, RDSClient>();
  return {
    defaultRegion,
    client(region = defaultRegion) {
      let client = clients.get(region);
      if (!client) {
        client = new RDSClient({ region, credentials: { accessKeyId: 'AKIDRUNTIME', secretAccessKey: 'runtime' } });
        clients.set(region, client);
      }
      return client;
    },
  };
}

export const rdsClients = (defaultRegion = 'us-east-1'): EdgeClients => ({ rds: rdsAccess(defaultRegion) });

/** Retries without real waiting. */
export const FAST: RdsOptions = { retry: { attempts: 4, baseMs: 1, maxMs: 2, sleep: async () => undefined } };

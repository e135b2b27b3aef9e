/**
 * Durable runs through the Lambda API: starting one (an asynchronous Invoke of the function's `live` alias with the
 * run's idempotent DurableExecutionName — the same name and payload return the existing run), reading an
 * execution's status (for the watchdog), and completing a waiting run's callback (for rds-events).
 */
import {
  InvokeCommand,
  type LambdaClient,
  ListDurableExecutionsByFunctionCommand,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from '@aws-sdk/client-lambda';
import type { CallbackCompleter } from '../runtime/complete-wait.js';
import type { ExecutionStatus } from '../runtime/watchdog.js';

export const LIVE_ALIAS = 'live';

export interface RunStarter {
  /** Starts the durable execution `name`; returns `existing` when a run with that name already exists. */
  start(name: string, input: unknown): Promise<'started' | 'existing'>;
}

export function lambdaRunStarter(client: LambdaClient, functionName: string): RunStarter {
  return {
    async start(name, input) {
      try {
        await client.send(
          new InvokeCommand({
            FunctionName: functionName,
            Qualifier: LIVE_ALIAS,
            InvocationType: 'Event',
            DurableExecutionName: name,
            Payload: new TextEncoder().encode(JSON.stringify(input)),
          }),
        );
        return 'started';
      } catch (err) {
        // A second start of the same run: the execution exists already, which is what idempotency asks for.
        if (/AlreadyExists|Conflict/i.test((err as Error).name ?? '')) return 'existing';
        throw err;
      }
    },
  };
}

export function lambdaExecutionStatus(client: LambdaClient, functionName: string) {
  return async (runId: string): Promise<ExecutionStatus> => {
    const out = await client.send(
      new ListDurableExecutionsByFunctionCommand({
        FunctionName: functionName,
        Qualifier: LIVE_ALIAS,
        DurableExecutionName: runId,
        MaxItems: 1,
      }),
    );
    const status = out.DurableExecutions?.[0]?.Status;
    return (status as ExecutionStatus | undefined) ?? 'UNKNOWN';
  };
}

export function lambdaCallbacks(client: LambdaClient): CallbackCompleter {
  return {
    async succeed(callbackId, result) {
      await client.send(
        new SendDurableExecutionCallbackSuccessCommand({
          CallbackId: callbackId,
          Result: new TextEncoder().encode(JSON.stringify(result)),
        }),
      );
    },
    async fail(callbackId, message) {
      await client.send(
        new SendDurableExecutionCallbackFailureCommand({
          CallbackId: callbackId,
          Error: { ErrorMessage: message.slice(0, 1000) },
        }),
      );
    },
  };
}

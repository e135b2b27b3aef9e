/**
 * Blueprint functions for tests, like Kanister's pkg/testutil functions: they exercise the interpreter without a
 * cluster. FailFunc fails, WaitFunc waits (honouring abort), ArgFunc and OutputFunc return their args as output,
 * FlakyFunc fails a given number of times before succeeding.
 */
import { ArgsError, type FunctionLookup, type PhaseFunction } from '../../shared/blueprint/functions-port.js';

export interface TestFunctionLog {
  calls: { func: string; phase: string; args: Record<string, unknown> }[];
}

const asRecord = (args: Record<string, unknown>) => args;

export function testFunctions(log: TestFunctionLog = { calls: [] }, flaky = { failures: 1 }): FunctionLookup {
  let flakyLeft = flaky.failures;
  const fn = (name: string, exec: PhaseFunction['exec'], outputs: readonly string[] = []): [string, PhaseFunction] => [
    name,
    {
      name,
      outputs,
      parseArgs: (rendered) => asRecord(rendered),
      exec: async (call) => {
        log.calls.push({ func: name, phase: call.phase, args: call.args as Record<string, unknown> });
        return exec?.(call);
      },
    },
  ];
  const map = new Map<string, PhaseFunction>([
    fn('FailFunc', async (call) => {
      const message = (call.args as Record<string, unknown>).message;
      throw new Error(typeof message === 'string' ? message : 'FailFunc failed as asked');
    }),
    fn('WaitFunc', async (call) => {
      const seconds = Number((call.args as Record<string, unknown>).seconds ?? 3600);
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, seconds * 1000);
        call.signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new Error('WaitFunc aborted'));
        });
      });
      return {};
    }),
    fn('ArgFunc', async (call) => ({ ...(call.args as Record<string, unknown>) })),
    fn('OutputFunc', async (call) => ({ ...(call.args as Record<string, unknown>) }), ['value']),
    fn('LogFunc', async (call) => {
      call.log.info(`LogFunc says ${JSON.stringify(call.args)}`);
      return {};
    }),
    fn('FlakyFunc', async () => {
      if (flakyLeft-- > 0) throw new Error('transient failure');
      return { ok: 'yes' };
    }),
    [
      'StrictArgsFunc',
      {
        name: 'StrictArgsFunc',
        outputs: [],
        parseArgs: (rendered) => {
          if (typeof rendered.count !== 'string' || !/^\d+$/.test(rendered.count)) {
            throw new ArgsError(`count: "${String(rendered.count)}" is not an integer`);
          }
          return rendered;
        },
        exec: async () => ({}),
      },
    ],
  ]);
  return { get: (name) => map.get(name) };
}

/**
 * An ActionRunner over the real interpreter and engine with the test functions (FailFunc, ArgFunc, …), so run
 * use cases are exercised end to end without a cluster.
 */

import { runAction } from '../../shared/blueprint/interpreter.js';
import type { RunContext } from '../../shared/blueprint/run-context.js';
import { createRenderer } from '../../shared/engine/renderer.js';
import type { ActionRunner } from '../../shared/runtime/ports.js';
import { type TestFunctionLog, testFunctions } from './test-functions.js';

export function testActionRunner(rc: RunContext, log: TestFunctionLog = { calls: [] }): ActionRunner {
  const functions = testFunctions(log);
  const renderer = createRenderer();
  return {
    run: (req) =>
      runAction({
        blueprint: req.blueprint,
        action: req.action,
        params: {
          Object: { kind: req.subject.kind, metadata: { name: req.subject.name, namespace: req.subject.namespace } },
          Options: req.options,
          ArtifactsIn: Object.fromEntries(
            Object.entries(req.artifactsIn ?? {}).map(([k, v]) => [
              k,
              { KeyValue: v.keyValue, KopiaSnapshot: v.kopiaSnapshot },
            ]),
          ),
          Time: rc.now().toISOString(),
        },
        functions,
        renderer,
        resolver: {
          secret: () => Promise.reject(new Error('no secrets in this test')),
          configMap: () => Promise.reject(new Error('no config maps in this test')),
        },
        run: rc,
      }),
  };
}

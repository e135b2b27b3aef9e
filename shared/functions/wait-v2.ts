/**
 * WaitV2: poll Kubernetes objects until `anyOf` one condition or `allOf` the conditions hold, within `timeout`.
 * Kanister: `pkg/function/waitv2.go`. Kanister renders none of its args (`skipRenderFuncs` in `pkg/phase.go`):
 * each `objectReference` is rendered with the template params when evaluated, and each `condition` is a Go
 * template executed against the fetched object (kubectl's `-o go-template` printer).
 */
import type { ParamsObject } from '../blueprint/interpreter.js';
import { createRenderer } from '../engine/renderer.js';
import { kubeApis } from '../kube/api.js';
import { requireKube, typedExec } from '../kube/phase-support.js';
import { waitForConditions } from '../kube/wait-conditions.js';
import { functionArgs, goDuration } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';
import { waitConditionsArg } from './wait.js';

const args = functionArgs('WaitV2', {
  timeout: goDuration('the wait timeout'),
  conditions: waitConditionsArg(),
});

export const waitV2 = {
  name: 'WaitV2',
  summary: 'Wait until Kubernetes objects meet Go-template conditions evaluated on the object, or time out.',
  args,
  outputs: [],
  rawArgs: ['timeout', 'conditions'],
  needs: ['kubernetes'],
  origin: 'kanister',
  exec: typedExec(args, async (call, clients) => {
    const access = requireKube(clients, 'WaitV2');
    await waitForConditions(kubeApis(access.config, { signal: call.signal }), {
      style: 'WaitV2',
      conditions: call.args.conditions,
      timeoutMs: call.args.timeout,
      render: createRenderer()(call.params as ParamsObject),
      log: call.log,
    });
    return {};
  }),
} as const satisfies FunctionSpec<typeof args>;

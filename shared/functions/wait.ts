/**
 * Wait (deprecated in Kanister in favour of WaitV2): poll Kubernetes objects until `anyOf` one condition or
 * `allOf` the conditions hold, within `timeout`.
 * Kanister: `pkg/function/wait.go`. `conditions` reach the function unrendered: each `objectReference` is
 * rendered with the template params when evaluated, and each `condition` is a Go template in which
 * `{$.jsonpath}` placeholders are first replaced from the fetched object.
 */
import type { ParamsObject } from '../blueprint/interpreter.js';
import { createRenderer } from '../engine/renderer.js';
import { kubeApis } from '../kube/api.js';
import { requireKube, typedExec } from '../kube/phase-support.js';
import { waitForConditions } from '../kube/wait-conditions.js';
import { functionArgs, goArg, goDuration } from './arg-schemas.js';
import { objectReferenceFields } from './object-reference.js';
import type { FunctionSpec } from './types.js';
import { decodeList, decodeString, decodeStruct, WeakDecodeError } from './weak-decode.js';

const decodeCondition = (value: unknown) =>
  decodeStruct(value, {
    condition: decodeString,
    objectReference: (ref: unknown) => decodeStruct(ref, objectReferenceFields),
  });

/** `WaitConditions{AnyOf, AllOf []Condition}`; with neither, Kanister could only time out, so it is refused. */
export const waitConditionsArg = () =>
  goArg('wait conditions (map with anyOf and/or allOf lists)', (value) => {
    const conditions = decodeStruct(value, {
      anyOf: (list: unknown) => decodeList(list, decodeCondition),
      allOf: (list: unknown) => decodeList(list, decodeCondition),
    });
    if (conditions.anyOf.length === 0 && conditions.allOf.length === 0) {
      throw new WeakDecodeError(
        'give at least one condition under anyOf or allOf; with none the wait can only time out',
      );
    }
    return conditions;
  });

const args = functionArgs('Wait', {
  timeout: goDuration('the wait timeout'),
  conditions: waitConditionsArg(),
});

export const wait = {
  name: 'Wait',
  summary: 'Wait until Kubernetes objects meet Go-template conditions (with {$.jsonpath} placeholders), or time out.',
  args,
  outputs: [],
  rawArgs: ['conditions'],
  needs: ['kubernetes'],
  origin: 'kanister',
  exec: typedExec(args, async (call, clients) => {
    const access = requireKube(clients, 'Wait');
    await waitForConditions(kubeApis(access.config, { signal: call.signal }), {
      style: 'Wait',
      conditions: call.args.conditions,
      timeoutMs: call.args.timeout,
      render: createRenderer()(call.params as ParamsObject),
      log: call.log,
    });
    return {};
  }),
} as const satisfies FunctionSpec<typeof args>;

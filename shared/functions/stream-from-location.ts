import { streamFromLocation as stream } from '../kube/location-stream.js';
import { lineLogger, logSink, redactor, requireKube, requireLocation, typedExec } from '../kube/phase-support.js';
import { functionArgs, goString, goStringList, locationPath } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('StreamFromLocation', {
  namespace: goString('the namespace of the pod'),
  pod: goString('a pod name'),
  /** Default: the pod's first container. */
  container: goString('a container name').optional(),
  /** The command that reads the object on stdin, e.g. [pg_restore, -d, mydb]. */
  command: goStringList('the command to run'),
  /** Object key under the location prefix (typically a StreamToLocation `path` output). */
  path: locationPath('the object to stream'),
});

export const streamFromLocation = {
  name: 'StreamFromLocation',
  summary: 'Stream an object from the location into the stdin of a command run in a pod.',
  args,
  outputs: ['size'],
  needs: ['kubernetes', 'location'],
  origin: 'holdfast',
  exec: typedExec(args, async (call, clients) => {
    const { namespace, pod, container, command, path } = call.args;
    const size = await stream(
      requireKube(clients, 'StreamFromLocation').config,
      requireLocation(clients, 'StreamFromLocation'),
      {
        namespace,
        pod,
        ...(container ? { container } : {}),
        command,
        signal: call.signal,
        redact: redactor(call),
        onStdout: logSink(lineLogger(call, pod, container, 'stdout')),
        onStderr: logSink(lineLogger(call, pod, container, 'stderr')),
      },
      path,
    );
    return { size };
  }),
} as const satisfies FunctionSpec<typeof args>;

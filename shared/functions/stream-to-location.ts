import { streamToLocation as stream } from '../kube/location-stream.js';
import { lineLogger, logSink, redactor, requireKube, requireLocation, typedExec } from '../kube/phase-support.js';
import { functionArgs, goEnum, goString, goStringList, locationPath } from './arg-schemas.js';
import type { FunctionSpec } from './types.js';

const args = functionArgs('StreamToLocation', {
  namespace: goString('the namespace of the pod'),
  pod: goString('a pod name'),
  /** Default: the pod's first container. */
  container: goString('a container name').optional(),
  /** The command whose stdout is stored, e.g. [pg_dump, -Fc, mydb]. */
  command: goStringList('the command to run'),
  /** Object key under the location prefix, usually built with templates (e.g. from `.Time`). */
  path: locationPath('where to store the output'),
  /** gzip the stream before storing it (recorded on the object, so StreamFromLocation undoes it). */
  compression: goEnum('the compression', ['gzip', 'none']).default('gzip'),
});

export const streamToLocation = {
  name: 'StreamToLocation',
  summary: "Stream a command's stdout from a pod into the location as one object (checksummed, gzip by default).",
  args,
  outputs: ['path', 'sha256', 'size'],
  needs: ['kubernetes', 'location'],
  origin: 'holdfast',
  exec: typedExec(args, async (call, clients) => {
    const { namespace, pod, container, command, path, compression } = call.args;
    const stored = await stream(
      requireKube(clients, 'StreamToLocation').config,
      requireLocation(clients, 'StreamToLocation'),
      {
        namespace,
        pod,
        ...(container ? { container } : {}),
        command,
        signal: call.signal,
        redact: redactor(call),
        onStderr: logSink(lineLogger(call, pod, container, 'stderr')),
      },
      { path, compression },
    );
    call.log.info('stored command output', { path, size: stored.size, storedSize: stored.storedSize });
    return { path, sha256: stored.sha256, size: stored.size };
  }),
} as const satisfies FunctionSpec<typeof args>;

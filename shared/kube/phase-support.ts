/**
 * What the Kubernetes blueprint functions share, so each function file stays a short statement of Kanister's
 * behaviour: the cluster client from the runtime, redaction, command output turned into log lines and output
 * markers, and pod shaping (podOverride / podLabels / podAnnotations from the blueprint merged over the ActionSet's,
 * blueprint values winning, as Kanister's `MergeBPLabels` / `GetPodSpecOverride`).
 */
import { Writable } from 'node:stream';
import type { V1PodSpec } from '@kubernetes/client-node';
import type { z } from 'zod';
import type { PhaseCall, PhaseOutput } from '../blueprint/functions-port.js';
import type { EdgeClients, KubeAccess, Location } from '../functions/ports.js';
import { KubeError } from './errors.js';
import { OutputMarkerParser } from './output-markers.js';
import { mergeOverrides, mergePodSpec } from './pod-override.js';

/**
 * A spec's `exec` with its args typed by the spec's own schema. The registry holds specs of every arg type, so
 * `exec` must accept a call with untyped args; the function lookup only passes args this schema parsed.
 */
export function typedExec<S extends z.ZodObject>(
  _schema: S,
  fn: (call: PhaseCall<z.output<S>>, clients: EdgeClients) => Promise<PhaseOutput | undefined>,
): (call: PhaseCall<unknown>, clients: EdgeClients) => Promise<PhaseOutput | undefined> {
  return (call, clients) => fn(call as PhaseCall<z.output<S>>, clients);
}

export function requireKube(clients: EdgeClients, functionName: string): KubeAccess {
  if (!clients.kube) throw new KubeError(`${functionName} needs a Kubernetes cluster connection, which this run lacks`);
  return clients.kube;
}

export function requireLocation(clients: EdgeClients, functionName: string): Location {
  if (!clients.location) throw new KubeError(`${functionName} needs a backup location, which this run lacks`);
  return clients.location;
}

export function redactor(call: PhaseCall): (text: string) => string {
  return (text) => call.redactor.redact(text);
}

/** Logs a command's output line by line (Kanister logs it as `Pod_Out`), each line cut at 4 KiB. */
export function lineLogger(call: PhaseCall, pod: string, container: string | undefined, stream: string) {
  return (line: string) => call.log.info('pod output', { pod, container, stream, line: line.slice(0, 4096) });
}

/** A writable that logs every line and keeps only a byte count (stderr, or stdout nobody parses). */
export function logSink(log: (line: string) => void): Writable {
  let partial = '';
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = (lines.pop() ?? '').slice(-65536);
      for (const line of lines) if (line !== '') log(line);
      callback();
    },
    final(callback) {
      if (partial !== '') log(partial);
      callback();
    },
  });
}

/**
 * Stdout parsed for output markers as it streams. A malformed marker does not break the stream: the error is
 * kept and thrown by `outputs()` once the command is done, as Kanister fails the phase after the command ran.
 */
export function markerSink(log: (line: string) => void): { stream: Writable; outputs(): Record<string, string> } {
  const parser = new OutputMarkerParser(log);
  let failure: unknown;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (failure === undefined) {
        try {
          parser.write(chunk);
        } catch (error) {
          failure = error;
        }
      }
      callback();
    },
  });
  return {
    stream,
    outputs() {
      if (failure === undefined) {
        try {
          parser.end();
        } catch (error) {
          failure = error;
        }
      }
      if (failure !== undefined) throw failure;
      return { ...parser.outputs };
    },
  };
}

type Json = Record<string, unknown>;
const asMap = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const asStrings = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(asMap(v) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

export interface PodShapeArgs {
  readonly podOverride?: Json;
  readonly podLabels?: Record<string, string>;
  readonly podAnnotations?: Record<string, string>;
}

export interface PodShape {
  readonly spec: V1PodSpec;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/**
 * The pod spec after podOverride (ActionSet's `.PodOverride`, then the blueprint's), with `first` moved to the
 * front of the containers as Kanister sorts it; labels and annotations with the blueprint's winning.
 */
export function shapePod(call: PhaseCall, base: V1PodSpec, args: PodShapeArgs, first: string): PodShape {
  const override = mergeOverrides(asMap(call.params.PodOverride), args.podOverride);
  const spec = mergePodSpec(base as unknown as Json, override) as unknown as V1PodSpec;
  const containers = [...(spec.containers ?? [])].sort((a, b) => Number(b.name === first) - Number(a.name === first));
  return {
    spec: { ...spec, containers },
    labels: { ...asStrings(call.params.PodLabels), ...args.podLabels },
    annotations: { ...asStrings(call.params.PodAnnotations), ...args.podAnnotations },
  };
}

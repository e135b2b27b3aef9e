/**
 * zod building blocks for blueprint function args: each one weak-decodes a RENDERED arg the way Kanister's
 * `Arg`/`OptArg` would (see `weak-decode.ts`) and reports failures as `<arg>: <what went wrong>`.
 *
 * Every builder takes a noun phrase (`'a pod name'`) used in messages. A builder is required as returned;
 * chain `.optional()` or `.default(...)` for optional args, so required-ness is stated once, in the schema.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseGoDuration } from './go-strconv.js';
import {
  type DecodedStruct,
  type Decoder,
  decodeBool,
  decodeInt,
  decodeJsonMap,
  decodeList,
  decodeMap,
  decodeString,
  decodeStruct,
  describeValue,
  type StructFields,
  WeakDecodeError,
} from './weak-decode.js';

/** An arg whose value is decoded by `decode`; `expects` reads like "a pod name (string)". */
export function goArg<T>(expects: string, decode: Decoder<T>) {
  return z
    .custom<unknown>((value) => value !== undefined, { error: `required arg is missing: expected ${expects}` })
    .transform((value, ctx): T => {
      try {
        return decode(value);
      } catch (error) {
        if (!(error instanceof WeakDecodeError)) throw error;
        // A type mismatch of the whole arg is phrased with the arg's own noun; deeper ones keep Go's view.
        const message =
          error.mismatch && error.path.length === 0 ? `expected ${expects}, got ${error.mismatch.got}` : error.message;
        ctx.addIssue({ code: 'custom', message, path: [...error.path], input: value });
        return z.NEVER;
      }
    });
}

/** Go `string`. */
export const goString = (what: string) => goArg(`${what} (string)`, decodeString);

/** Go `bool`: `strconv.ParseBool` spellings, "" is false. */
export const goBool = (what: string) => goArg(`${what} (true or false)`, decodeBool);

/** Go `int`: numbers, or strings in `strconv.ParseInt(s, 0, 64)` syntax ("" is 0). */
export const goInt = (what: string) => goArg(`${what} (integer)`, decodeInt);

/** Go `[]string`: a single string becomes a one-element list. */
export const goStringList = (what: string) =>
  goArg(`${what} (list of strings)`, (value) => decodeList(value, decodeString));

/** Go `[]int`. */
export const goIntList = (what: string) => goArg(`${what} (list of integers)`, (value) => decodeList(value, decodeInt));

/** Go `map[string]string`. */
export const goStringMap = (what: string) =>
  goArg(`${what} (map of strings)`, (value) => decodeMap(value, decodeString));

/** Go `map[string]interface{}` (Kanister's `crv1alpha1.JSONMap`, e.g. `podOverride`). */
export const goJsonMap = (what: string) => goArg(`${what} (map)`, decodeJsonMap);

/** A Go struct decoded from a map (field names match case-insensitively, unknown keys are ignored). */
export const goStruct = <F extends StructFields>(what: string, fields: F) =>
  goArg<DecodedStruct<F>>(`${what} (map)`, (value) => decodeStruct(value, fields));

/** A Go string then `time.ParseDuration`; the value is milliseconds (fractional below 1 ms). */
export const goDuration = (what: string) =>
  goArg(`${what} (duration such as 30s, 5m, 1h30m)`, (value) => {
    const text = decodeString(value);
    const nanos = parseGoDuration(text);
    if (nanos === undefined) {
      throw new WeakDecodeError(`${JSON.stringify(text)} is not a duration (use e.g. 300ms, 30s, 5m, 1h30m)`);
    }
    return Number(nanos) / 1e6;
  });

/** A Go string restricted to a fixed set of values (compared exactly, or case-insensitively when asked). */
export function goEnum<const V extends string>(
  what: string,
  values: readonly V[],
  options: { ignoreCase?: boolean } = {},
) {
  return goArg(`${what} (one of ${values.join(', ')})`, (value): V => {
    const text = decodeString(value);
    const found = values.find((v) => (options.ignoreCase ? v.toLowerCase() === text.toLowerCase() : v === text));
    if (found === undefined) {
      throw new WeakDecodeError(`${JSON.stringify(text)} is not one of ${values.join(', ')}`);
    }
    return found;
  });
}

/**
 * Kanister's `GetYamlList` (`pkg/function/args.go`): a list, or a string holding a YAML list (how list outputs
 * such as `securityGroupID` travel through artifacts). An empty string or YAML null means "not given".
 */
export const yamlStringList = (what: string) =>
  goArg(`${what} (list of strings, or a YAML list in a string)`, (value): string[] | undefined => {
    if (Array.isArray(value)) return decodeList(value, decodeString);
    if (typeof value !== 'string') throw new WeakDecodeError(`expected ${what} as a list, got ${describeValue(value)}`);
    let parsed: unknown;
    try {
      // sigs.k8s.io/yaml parses YAML 1.1 (so `yes` is a boolean there, and not a string).
      parsed = parseYaml(value, { version: '1.1' });
    } catch {
      throw new WeakDecodeError(`${JSON.stringify(value)} is not a YAML list`);
    }
    if (parsed === null || parsed === undefined) return undefined;
    if (!Array.isArray(parsed) || parsed.some((item) => item !== null && typeof item !== 'string')) {
      throw new WeakDecodeError(`${JSON.stringify(value)} is not a YAML list of strings`);
    }
    return parsed.map((item) => (typeof item === 'string' ? item : ''));
  });

// resource.ParseQuantity's accepted shapes: a signed decimal, then a binary/decimal SI suffix or an exponent.
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

/**
 * A Kubernetes resource quantity ("10Gi", "500M"). `positive` also refuses zero and negative sizes;
 * `allowEmpty` lets "" through for args where Kanister treats it as "not set".
 */
export const quantity = (what: string, options: { positive?: boolean; allowEmpty?: boolean } = {}) =>
  goArg(`${what} (quantity such as 10Gi)`, (value) => {
    const text = decodeString(value);
    if (text === '' && options.allowEmpty) return text;
    if (!QUANTITY.test(text))
      throw new WeakDecodeError(`${JSON.stringify(text)} is not a Kubernetes quantity (e.g. 10Gi, 500M)`);
    if (options.positive && !(Number.parseFloat(text) > 0)) {
      throw new WeakDecodeError(`${JSON.stringify(text)} must be greater than zero`);
    }
    return text;
  });

/**
 * An object key under the location's prefix, as Holdfast functions take it: relative, no `..` segments, no
 * empty segments. Templates build it (`{{ .Time }}`-style), so it is checked after rendering.
 */
export const locationPath = (what: string) =>
  goArg(`${what} (object key under the location prefix)`, (value) => {
    const text = decodeString(value);
    const problem = locationPathProblem(text);
    if (problem) throw new WeakDecodeError(`${JSON.stringify(text)} ${problem}`);
    return text;
  });

function locationPathProblem(path: string): string | undefined {
  if (path === '') return 'is empty; give an object key such as backups/app/dump.gz';
  if (path.startsWith('/')) return 'must be relative to the location prefix (drop the leading /)';
  if (path.includes('\\')) return 'must use / as the separator';
  const segments = path.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return 'must not contain . or .. segments';
  if (segments.some((s) => s === '')) return 'must not contain empty segments (//) or end with /';
  return undefined;
}

/**
 * The args object of one function: unknown keys are refused (Kanister's `CheckSupportedArgs`), each naming
 * what the function does accept.
 */
export function functionArgs<const Shape extends z.core.$ZodLooseShape>(funcName: string, shape: Shape) {
  const accepted = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${funcName} does not accept ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; its args are: ${accepted}`
        : `${funcName} args must be a map, got ${describeValue(issue.input)}`,
  });
}

/**
 * Builds the TemplateParams Go value the way `encoding/json.Unmarshal` fills `param.TemplateParams`: json tag names
 * (else Go field names, matched case-insensitively, an exact match winning), embedded `,inline` structs promoted,
 * absent pointers/maps nil, `null` leaving non-nillable fields at their zero value, `[]byte` from base64. Numbers in
 * `interface{}` values become int64 when written as an integer that fits, float64 otherwise
 * (docs/dev/template-params.md).
 */
import { decodeBase64Std } from './base64.js';
import { TemplateParamsType } from './param-types.js';
import {
  GoBytes,
  GoMap,
  GoPointer,
  GoSlice,
  GoStruct,
  type GoType,
  type GoValue,
  type StructField,
  type StructType,
  setDynamicIntType,
  T,
  typeString,
  zeroValue,
} from './values.js';

export * from './param-types.js';

/** A JSON number as written, so integers and floats stay apart. */
class JsonNumber {
  constructor(readonly text: string) {}
}

/** A params decoding failure with Go's `encoding/json` message. */
export class ParamsError extends Error {
  override readonly name = 'ParamsError';
}

type Workload = {
  Name?: string;
  Namespace?: string;
  Pods?: string[] | null;
  Containers?: string[][] | null;
  PersistentVolumeClaims?: Record<string, Record<string, string>> | null;
};
type ObjectMetaInput = {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
};
/** Secret/ConfigMap data: base64 strings as in JSON, or raw bytes. */
type BytesInput = string | Uint8Array;
export type SecretInput = {
  kind?: string;
  apiVersion?: string;
  metadata?: ObjectMetaInput;
  immutable?: boolean | null;
  data?: Record<string, BytesInput> | null;
  stringData?: Record<string, string> | null;
  type?: string;
};
export type ConfigMapInput = {
  kind?: string;
  apiVersion?: string;
  metadata?: ObjectMetaInput;
  immutable?: boolean | null;
  data?: Record<string, string> | null;
  binaryData?: Record<string, BytesInput> | null;
};
export type PhaseInput = {
  Secrets?: Record<string, SecretInput> | null;
  ConfigMaps?: Record<string, ConfigMapInput> | null;
  Output?: Record<string, unknown> | null;
};
export type ProfileInput = {
  Location?: { type?: string; bucket?: string; endpoint?: string; prefix?: string; region?: string };
  Credential?: {
    Type?: string;
    KeyPair?: { ID?: string; Secret?: string } | null;
    Secret?: SecretInput | null;
    KopiaServerSecret?: {
      Username?: string;
      Hostname?: string;
      Password?: string;
      Cert?: string;
      ConnectOptions?: Record<string, number> | null;
    } | null;
  };
  SkipSSLVerify?: boolean;
};

/** TemplateParams as TypeScript code builds it (JSON field names, as the params JSON uses). */
export interface TemplateParamsInput {
  StatefulSet?: Workload | null;
  DeploymentConfig?: Workload | null;
  Deployment?: Workload | null;
  PVC?: { Name?: string; Namespace?: string } | null;
  Namespace?: { Name?: string; Namespace?: string } | null;
  ArtifactsIn?: Record<string, { keyValue?: Record<string, string> | null; kopiaSnapshot?: string }> | null;
  ConfigMaps?: Record<string, ConfigMapInput> | null;
  Secrets?: Record<string, SecretInput> | null;
  Time?: string;
  Profile?: ProfileInput | null;
  RepositoryServer?: Record<string, never> | null;
  Options?: Record<string, string> | null;
  Object?: Record<string, unknown> | null;
  Phases?: Record<string, PhaseInput | null> | null;
  DeferPhase?: PhaseInput | null;
  PodOverride?: Record<string, unknown> | null;
}

function kindOf(v: unknown): string {
  if (v instanceof JsonNumber || typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function decodeBase64(s: string): Uint8Array {
  try {
    return decodeBase64Std(s);
  } catch (e) {
    throw new ParamsError((e as Error).message);
  }
}

class Decoder {
  /** encoding/json's error context: JSON names of the struct fields being decoded, and the innermost struct. */
  private readonly fieldStack: string[] = [];
  private structName = '';

  typeError(v: unknown, t: GoType, numberText = false): never {
    const what =
      v instanceof JsonNumber || typeof v === 'number' ? (numberText ? `number ${numText(v)}` : 'number') : kindOf(v);
    const into = this.fieldStack.length > 0 ? `struct field ${this.structName}.${this.fieldStack.join('.')}` : 'value';
    throw new ParamsError(`json: cannot unmarshal ${what} into Go ${into} of type ${typeString(t)}`);
  }

  /** Decodes `v` into a value of type `t`, starting from `existing` as encoding/json does (maps and structs merge). */
  decode(v: unknown, t: GoType, existing: GoValue): GoValue {
    if (v === undefined) return existing;
    if (v === null) return nillable(t) ? zeroValue(t) : existing;
    switch (t.kind) {
      case 'string':
        return typeof v === 'string' ? v : this.typeError(v, t);
      case 'bool':
        return typeof v === 'boolean' ? v : this.typeError(v, t);
      case 'int': {
        if (!(v instanceof JsonNumber) && typeof v !== 'number') return this.typeError(v, t);
        const text = numText(v);
        if (!/^-?\d+$/.test(text)) return this.typeError(v, t, true);
        const n = BigInt(text);
        if (n !== BigInt.asIntN(64, n)) return this.typeError(v, t, true);
        return n;
      }
      case 'float64': {
        if (!(v instanceof JsonNumber) && typeof v !== 'number') return this.typeError(v, t);
        const f = Number(numText(v));
        return Number.isFinite(f) ? f : this.typeError(v, t, true);
      }
      case 'interface':
        return this.decodeAny(v);
      case 'bytes':
        if (v instanceof Uint8Array) return new GoBytes(v);
        if (typeof v === 'string') return new GoBytes(decodeBase64(v));
        if (Array.isArray(v)) {
          const uint8: GoType = { kind: 'int', name: 'uint8' };
          return new GoBytes(Uint8Array.from(v.map((b) => Number(this.decode(b, uint8, 0n)))));
        }
        return this.typeError(v, t);
      case 'slice':
        if (!Array.isArray(v)) return this.typeError(v, t);
        return new GoSlice(
          t.elem,
          v.map((e) => this.decode(e, t.elem, zeroValue(t.elem))),
        );
      case 'map': {
        if (kindOf(v) !== 'object') return this.typeError(v, t);
        const prev = existing instanceof GoMap ? existing.entries : null;
        const m = new Map<string, GoValue>(prev ?? []);
        for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
          m.set(k, this.decode(e, t.elem, m.get(k) ?? zeroValue(t.elem)));
        }
        const gm = new GoMap(t.elem, m);
        if (t.elem.kind === 'interface') setDynamicIntType(gm, 'int64');
        return gm;
      }
      case 'struct':
        if (kindOf(v) !== 'object') return this.typeError(v, t);
        return this.decodeStruct(
          v as Record<string, unknown>,
          t.struct,
          existing instanceof GoStruct ? existing : null,
        );
      case 'ptr': {
        const target = existing instanceof GoPointer && existing.target !== null ? existing.target : zeroValue(t.elem);
        return new GoPointer(t.elem, this.decode(v, t.elem, target));
      }
      case 'time':
        return this.typeError(v, t);
    }
  }

  decodeAny(v: unknown): GoValue {
    if (v === null || v === undefined) return null;
    if (v instanceof JsonNumber) {
      const t = v.text;
      if (!/[.eE]/.test(t)) {
        const n = BigInt(t);
        if (n === BigInt.asIntN(64, n)) return n;
      }
      const f = Number(t);
      if (!Number.isFinite(f)) throw new ParamsError(`number ${t} out of range`);
      return f;
    }
    if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v) : v;
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return BigInt.asIntN(64, v);
    if (v instanceof Uint8Array) return new GoBytes(v);
    if (Array.isArray(v)) {
      const s = new GoSlice(
        T.iface,
        v.map((e) => this.decodeAny(e)),
      );
      setDynamicIntType(s, 'int64');
      return s;
    }
    const m = new Map<string, GoValue>();
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) m.set(k, this.decodeAny(e));
    const gm = new GoMap(T.iface, m);
    setDynamicIntType(gm, 'int64');
    return gm;
  }

  decodeStruct(obj: Record<string, unknown>, st: StructType, existing: GoStruct | null): GoStruct {
    const values = new Map<string, GoValue>();
    for (const f of st.fields) values.set(f.name, existing?.fields.get(f.name) ?? zeroValue(f.type));
    const fields = jsonFields(st);
    for (const [key, raw] of Object.entries(obj)) {
      const f = fields.find((x) => x.name === key) ?? fields.find((x) => foldEq(x.name, key));
      if (f === undefined) continue;
      const target = f.path.length === 0 ? values : embeddedValues(values, f.path);
      const savedStruct = this.structName;
      this.fieldStack.push(f.name);
      this.structName = st.name.slice(st.name.lastIndexOf('.') + 1);
      target.set(f.field.name, this.decode(raw, f.field.type, target.get(f.field.name) ?? zeroValue(f.field.type)));
      this.fieldStack.pop();
      this.structName = savedStruct;
    }
    return new GoStruct(st, values);
  }
}

function numText(v: unknown): string {
  return v instanceof JsonNumber ? v.text : String(v);
}

function nillable(t: GoType): boolean {
  return t.kind === 'ptr' || t.kind === 'map' || t.kind === 'slice' || t.kind === 'bytes' || t.kind === 'interface';
}

function foldEq(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

interface JsonField {
  name: string;
  field: StructField;
  /** Embedded (promoted) structs leading to the field. */
  path: StructField[];
}

/** JSON-visible fields of a struct: tag names, and fields of untagged embedded structs promoted. */
function jsonFields(st: StructType, path: StructField[] = []): JsonField[] {
  const out: JsonField[] = [];
  for (const f of st.fields) {
    const name = f.json === undefined ? f.name : f.json;
    if (f.embedded && name === '' && f.type.kind === 'struct') {
      out.push(...jsonFields(f.type.struct, [...path, f]));
    } else out.push({ name, field: f, path });
  }
  return out;
}

function embeddedValues(values: Map<string, GoValue>, path: StructField[]): Map<string, GoValue> {
  let cur = values;
  for (const f of path) {
    const s = cur.get(f.name);
    cur = (s as GoStruct).fields as Map<string, GoValue>;
  }
  return cur;
}

/** TemplateParams from params JSON text. Throws ParamsError with Go's message. */
export function templateParamsFromJSON(text: string): GoStruct {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, function reviver(this: unknown, _key, value, context?: { source?: string }) {
      if (typeof value === 'number' && context?.source !== undefined) return new JsonNumber(context.source);
      return value;
    });
  } catch (e) {
    throw new ParamsError(`invalid params JSON: ${(e as Error).message}`);
  }
  if (parsed === null) return new Decoder().decodeStruct({}, TemplateParamsType, null);
  if (kindOf(parsed) !== 'object') {
    throw new ParamsError(`json: cannot unmarshal ${kindOf(parsed)} into Go value of type param.TemplateParams`);
  }
  return new Decoder().decodeStruct(parsed as Record<string, unknown>, TemplateParamsType, null);
}

/** TemplateParams from a TypeScript object (integral numbers in `interface{}` values become int64). */
export function templateParams(input: TemplateParamsInput = {}): GoStruct {
  return new Decoder().decodeStruct(input as Record<string, unknown>, TemplateParamsType, null);
}

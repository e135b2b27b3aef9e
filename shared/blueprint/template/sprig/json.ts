/**
 * Go encoding/json for Go values, as sprig's toJson/toPrettyJson see it: struct json tags and omitempty, promoted
 * embedded fields, sorted map keys, []byte as base64, HTML-safe string escaping, Go's float format, time.Time as
 * RFC 3339 and `null` for nil maps, slices and pointers. Unsupported values (NaN, ±Inf, cycles, years outside
 * 0–9999) are errors, which sprig turns into an empty string.
 *
 * Control characters follow Go ≥ 1.22 (`\b`, `\f`), the Go that builds Kanister today.
 */
import { GoBytes, GoMap, GoPointer, GoSlice, GoStruct, GoTime, type GoValue, type StructType } from '../values.js';
import { compareStrings } from './gostr.js';
import { formatLayout } from './gotime-layout.js';

export class JsonEncodeError extends Error {
  override readonly name = 'JsonEncodeError';
}

const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

/** Go's encodeState.string with HTML escaping. */
export function jsonString(s: string): string {
  let out = '"';
  for (const c of s) {
    const r = c.codePointAt(0) ?? 0;
    if (r === 0x22 || r === 0x5c) out += `\\${c}`;
    else if (r === 0x0a) out += '\\n';
    else if (r === 0x0d) out += '\\r';
    else if (r === 0x09) out += '\\t';
    else if (r === 0x08) out += '\\b';
    else if (r === 0x0c) out += '\\f';
    else if (r < 0x20 || r === 0x3c || r === 0x3e || r === 0x26 || r === 0x2028 || r === 0x2029) {
      out += `\\u${r.toString(16).padStart(4, '0')}`;
    } else out += c;
  }
  return `${out}"`;
}

/** Go's float64 encoding: shortest round-trip digits, exponent form below 1e-6 and from 1e21. */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f))
    throw new JsonEncodeError(`json: unsupported value: ${f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN'}`);
  if (Object.is(f, -0)) return '-0';
  return String(f);
}

interface JsonField {
  readonly key: string;
  readonly value: GoValue;
  readonly omitEmpty: boolean;
}

const exported = (name: string): boolean => /^\p{Lu}/u.test(name);

/** The struct's encodable fields in order, with embedded untagged structs promoted (shallowest name wins). */
function structFields(
  type: StructType,
  fields: Map<string, GoValue>,
  depth = 0,
): (JsonField & { depth: number; tagged: boolean })[] {
  const out: (JsonField & { depth: number; tagged: boolean })[] = [];
  for (const f of type.fields) {
    if (f.json === '-') continue;
    const value = fields.get(f.name) ?? null;
    if (f.embedded && !f.json) {
      const inner = value instanceof GoPointer ? value.target : value;
      if (inner instanceof GoStruct) out.push(...structFields(inner.type, inner.fields, depth + 1));
      if (inner instanceof GoStruct || value instanceof GoPointer) continue;
    }
    if (!exported(f.name)) continue;
    out.push({ key: f.json || f.name, value, omitEmpty: f.omitEmpty === true, depth, tagged: Boolean(f.json) });
  }
  return out;
}

function dominantFields(s: GoStruct): JsonField[] {
  const all = structFields(s.type, s.fields);
  return all.filter((f) => {
    const rivals = all.filter((g) => g.key === f.key);
    const minDepth = Math.min(...rivals.map((g) => g.depth));
    const best = rivals.filter((g) => g.depth === minDepth);
    const tagged = best.filter((g) => g.tagged);
    const winners = tagged.length > 0 ? tagged : best;
    return winners.length === 1 && winners[0] === f;
  });
}

function isEmptyValue(v: GoValue): boolean {
  if (v === null) return true;
  if (typeof v === 'string') return v === '';
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'number') return v === 0;
  if (v instanceof GoBytes) return (v.bytes?.length ?? 0) === 0;
  if (v instanceof GoSlice) return (v.items?.length ?? 0) === 0;
  if (v instanceof GoMap) return (v.entries?.size ?? 0) === 0;
  if (v instanceof GoPointer) return v.target === null;
  return false;
}

class Encoder {
  private readonly seen = new Set<object>();

  constructor(private readonly indent: string | null) {}

  private nl(depth: number): string {
    return this.indent === null ? '' : `\n${this.indent.repeat(depth)}`;
  }

  private container(open: string, close: string, parts: string[], depth: number): string {
    if (parts.length === 0) return open + close;
    return open + parts.map((p) => this.nl(depth + 1) + p).join(',') + this.nl(depth) + close;
  }

  private guard<R>(o: object, f: () => R): R {
    if (this.seen.has(o)) throw new JsonEncodeError('json: unsupported value: encountered a cycle');
    this.seen.add(o);
    try {
      return f();
    } finally {
      this.seen.delete(o);
    }
  }

  private member(key: string, v: GoValue, depth: number): string {
    return `${jsonString(key)}:${this.indent === null ? '' : ' '}${this.encode(v, depth + 1)}`;
  }

  encode(v: GoValue, depth = 0): string {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return jsonString(v);
      case 'boolean':
      case 'bigint':
        return String(v);
      case 'number':
        return jsonFloat(v);
    }
    if (v instanceof GoBytes) return v.bytes === null ? 'null' : `"${Buffer.from(v.bytes).toString('base64')}"`;
    if (v instanceof GoTime) return encodeTime(v);
    if (v instanceof GoPointer) return v.target === null ? 'null' : this.guard(v, () => this.encode(v.target, depth));
    if (v instanceof GoSlice) {
      const items = v.items;
      if (items === null) return 'null';
      return this.guard(v, () =>
        this.container(
          '[',
          ']',
          items.map((x) => this.encode(x, depth + 1)),
          depth,
        ),
      );
    }
    if (v instanceof GoMap) {
      const entries = v.entries;
      if (entries === null) return 'null';
      const keys = [...entries.keys()].sort(compareStrings);
      return this.guard(v, () =>
        this.container(
          '{',
          '}',
          keys.map((k) => this.member(k, entries.get(k) ?? null, depth)),
          depth,
        ),
      );
    }
    const fields = dominantFields(v).filter((f) => !(f.omitEmpty && isEmptyValue(f.value)));
    return this.container(
      '{',
      '}',
      fields.map((f) => this.member(f.key, f.value, depth)),
      depth,
    );
  }
}

function encodeTime(t: GoTime): string {
  const s = formatLayout(t, RFC3339_NANO);
  if (!/^\d{4}-/.test(s)) throw new JsonEncodeError('Time.MarshalJSON: year outside of range [0,9999]');
  return `"${s}"`;
}

/** json.Marshal (indent null) or json.MarshalIndent(v, "", indent). Throws JsonEncodeError like Go's error. */
export function marshal(v: GoValue, indent: string | null = null): string {
  return new Encoder(indent).encode(v);
}

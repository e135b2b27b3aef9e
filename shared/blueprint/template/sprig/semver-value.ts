/**
 * The value `semver` returns: Masterminds/semver v1.5.0's `*semver.Version`.
 *
 * Go templates reach its data through niladic methods (`.Major`, `.Prerelease`, `.Original`); the value model has
 * no methods, so they are modelled as fields of a struct behind a pointer. It is a fmt.Stringer in Go, so
 * `semverString` gives its String() for toString and friends.
 */
import { GoPointer, GoStruct, type GoType, type GoValue, type StructType, T } from '../values.js';

const UINT64: GoType = { kind: 'int', name: 'uint64' };

export const SEMVER_VERSION: StructType = {
  name: 'semver.Version',
  fields: [
    { name: 'Major', type: UINT64 },
    { name: 'Minor', type: UINT64 },
    { name: 'Patch', type: UINT64 },
    { name: 'Prerelease', type: T.string },
    { name: 'Metadata', type: T.string },
    { name: 'Original', type: T.string },
  ],
};

export const SEMVER_PTR: GoType = T.ptr(T.struct(SEMVER_VERSION));

export interface SemverParts {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;
}

export function semverValue(v: SemverParts): GoPointer {
  const fields = new Map<string, GoValue>([
    ['Major', v.major],
    ['Minor', v.minor],
    ['Patch', v.patch],
    ['Prerelease', v.pre],
    ['Metadata', v.metadata],
    ['Original', v.original],
  ]);
  return new GoPointer(T.struct(SEMVER_VERSION), new GoStruct(SEMVER_VERSION, fields));
}

/** Version.String(): `MAJOR.MINOR.PATCH[-pre][+metadata]` (never the leading v); null for other values. */
export function semverString(v: GoValue): string | null {
  if (!(v instanceof GoPointer) || !(v.target instanceof GoStruct) || v.target.type !== SEMVER_VERSION) return null;
  const f = v.target.fields;
  const pre = f.get('Prerelease');
  const meta = f.get('Metadata');
  let out = `${f.get('Major')}.${f.get('Minor')}.${f.get('Patch')}`;
  if (typeof pre === 'string' && pre !== '') out += `-${pre}`;
  if (typeof meta === 'string' && meta !== '') out += `+${meta}`;
  return out;
}

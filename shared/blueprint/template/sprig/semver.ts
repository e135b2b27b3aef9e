/**
 * sprig v2's `semver` and `semverCompare` over Masterminds/semver v1.5.0 (the version Kanister pins): its
 * lenient version grammar ("v1.2" is 1.2.0), its constraint grammar (`>=1.2, <2 || ^3`, `1.2 - 1.4`, `~1.x`) and
 * its pre-release rule (a pre-release only satisfies constraints that mention a pre-release).
 * semver v3 (sprig v3) treats `^0.x`, `~` and pre-releases differently.
 */
import { T } from '../values.js';
import { type FuncTable, fn, goError, str } from './define.js';
import { SEMVER_PTR, type SemverParts, semverValue } from './semver-value.js';

type Version = SemverParts;

const VERSION_RE =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
const OPS = ['', '=', '!=', '>', '<', '>=', '=>', '<=', '=<', '~', '~>', '^'];
const CONSTRAINT_RE = new RegExp(
  String.raw`^\s*(${OPS.map((o) => o.replace(/[\^$*+?.()|[\]{}\\]/g, '\\$&')).join('|')})\s*(${CV})\s*$`,
);
const RANGE_RE = new RegExp(String.raw`\s*(${CV})\s+-\s+(${CV})\s*`, 'g');
const UINT64_MAX = 2n ** 64n - 1n;

class SemverError extends Error {}

function segment(s: string): bigint {
  const n = BigInt(s);
  if (n > UINT64_MAX)
    throw new SemverError(`Error parsing version segment: strconv.ParseUint: parsing "${s}": value out of range`);
  return n;
}

/** semver.NewVersion. */
export function newVersion(v: string): Version {
  const m = VERSION_RE.exec(v);
  if (!m) throw new SemverError('Invalid Semantic Version');
  return {
    major: segment(m[1] ?? '0'),
    minor: m[2] ? segment(m[2].slice(1)) : 0n,
    patch: m[3] ? segment(m[3].slice(1)) : 0n,
    pre: m[5] ?? '',
    metadata: m[8] ?? '',
    original: v,
  };
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
const isUint = (s: string): boolean => /^[0-9]+$/.test(s) && BigInt(s) <= UINT64_MAX;

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sn = isUint(s);
  const on = isUint(o);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1;
  if (!sn) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

/** Version.Compare: numeric parts, then pre-releases (a release outranks its pre-releases). */
export function compare(v: Version, o: Version): number {
  const d = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === o.pre) return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  const sp = v.pre.split('.');
  const op = o.pre.split('.');
  for (let i = 0; i < Math.max(sp.length, op.length); i++) {
    const r = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (r !== 0) return r;
  }
  return 0;
}

interface Constraint {
  readonly op: string;
  readonly con: Version;
  readonly dirty: boolean;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
}

const isX = (x: string | undefined): boolean => x === 'x' || x === 'X' || x === '*';

function parseConstraint(s: string): Constraint {
  const m = CONSTRAINT_RE.exec(s);
  if (!m) throw new SemverError(`improper constraint: ${s}`);
  let ver = m[2] ?? '';
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(m[3])) {
    ver = '0.0.0';
    dirty = true;
  } else if (isX(m[4]?.slice(1)) || !m[4]) {
    minorDirty = dirty = true;
    ver = `${m[3]}.0.0${m[6] ?? ''}`;
  } else if (isX(m[5]?.slice(1))) {
    dirty = patchDirty = true;
    ver = `${m[3]}${m[4]}.0${m[6] ?? ''}`;
  }
  let con: Version;
  try {
    con = newVersion(ver);
  } catch {
    throw new SemverError('constraint Parser Error');
  }
  return { op: m[1] ?? '', con, dirty, minorDirty, patchDirty };
}

const isNonZero = (v: Version): boolean => v.major !== 0n || v.minor !== 0n || v.patch !== 0n || v.pre !== '';

function tilde(v: Version, c: Constraint): boolean {
  if (compare(v, c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  return !(v.minor !== c.con.minor && !c.minorDirty);
}

function lessDirty(v: Version, c: Constraint, orEqual: boolean): boolean {
  if (!c.dirty) return orEqual ? compare(v, c.con) <= 0 : compare(v, c.con) < 0;
  if (v.major > c.con.major) return false;
  return !(v.minor > c.con.minor && !c.minorDirty);
}

function check(v: Version, c: Constraint): boolean {
  const preMismatch = v.pre !== '' && c.con.pre === '';
  switch (c.op) {
    case '!=':
      if (!c.dirty) return compare(v, c.con) !== 0;
      if (preMismatch) return false;
      if (c.con.major !== v.major) return true;
      return c.con.minor !== v.minor && !c.minorDirty;
    case '>':
    case '>=':
    case '=>':
      if (!isNonZero(c.con) && isNonZero(v)) return true;
      if (preMismatch) return false;
      return c.op === '>' ? compare(v, c.con) === 1 : compare(v, c.con) >= 0;
    case '<':
      return !preMismatch && lessDirty(v, c, false);
    case '<=':
    case '=<':
      return !preMismatch && lessDirty(v, c, true);
    case '~':
    case '~>':
      return !preMismatch && tilde(v, c);
    case '^':
      return !preMismatch && compare(v, c.con) >= 0 && v.major === c.con.major;
    default:
      if (preMismatch) return false;
      return c.dirty ? tilde(v, c) : compare(v, c.con) === 0;
  }
}

/** semver.NewConstraint(c).Check(v): OR of comma-separated ANDs, after rewriting `a - b` ranges. */
export function satisfies(constraint: string, v: Version): boolean {
  const rewritten = constraint.replace(RANGE_RE, (_all, a: string, ...rest: string[]) => `>= ${a}, <= ${rest[9]}`);
  const groups = rewritten.split('||').map((or) => or.split(',').map(parseConstraint));
  return groups.some((and) => and.every((c) => check(v, c)));
}

function rethrow(e: unknown): never {
  if (e instanceof SemverError) return goError(e.message);
  throw e;
}

export const semverFuncs: FuncTable = {
  semver: fn([T.string], SEMVER_PTR, ([s]) => {
    try {
      return semverValue(newVersion(str(s)));
    } catch (e) {
      return rethrow(e);
    }
  }),
  semverCompare: fn([T.string, T.string], T.bool, ([c, v]) => {
    try {
      const groups = str(c);
      // Go parses the whole constraint before the version, so a bad constraint is reported first.
      satisfies(groups, newVersion('0.0.0'));
      return satisfies(groups, newVersion(str(v)));
    } catch (e) {
      return rethrow(e);
    }
  }),
};

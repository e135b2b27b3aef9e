/**
 * The template function map Kanister gives blueprints: sprig v2.22.0 TxtFuncMap() with Kanister's ksprig FIPS
 * replacements, minus `env`, `expandenv` (no environment access) and `getHostByName` (no network), which are
 * simply not defined. Functions only sprig v3 has (`must*`, `fromJson`, `dig`, `get`, `seq`, `bcrypt`, `osBase`…)
 * are not defined either.
 */
import type { FuncMap, TemplateFunc } from '../funcs.js';
import { cryptoFuncs } from './crypto.js';
import { dateFuncs } from './date.js';
import { defaultFuncs } from './defaults.js';
import { dictFuncs } from './dict.js';
import { encodingFuncs } from './encoding.js';
import { listFuncs } from './list.js';
import { numericFuncs } from './numeric.js';
import { pathFuncs } from './paths.js';
import { reflectFuncs } from './reflect.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { stringFuncs } from './strings.js';
import { urlFuncs } from './url.js';

const groups = [
  stringFuncs,
  numericFuncs,
  listFuncs,
  dictFuncs,
  defaultFuncs,
  dateFuncs,
  cryptoFuncs,
  encodingFuncs,
  regexFuncs,
  semverFuncs,
  reflectFuncs,
  pathFuncs,
  urlFuncs,
];

export const sprigFuncs: FuncMap = new Map<string, TemplateFunc>(groups.flatMap((g) => Object.entries(g)));

/** sprig v2.22.0 functions Holdfast leaves undefined on purpose (templates must not read the environment or network). */
export const withheldFuncs: ReadonlySet<string> = new Set(['env', 'expandenv', 'getHostByName']);

/** Functions whose result depends on the clock, randomness or Go's random map order. */
export const nonDeterministicFuncs: ReadonlySet<string> = new Set([
  'now',
  'ago',
  'randAlphaNum',
  'randAlpha',
  'randAscii',
  'randNumeric',
  'uuidv4',
  'shuffle',
  'genPrivateKey',
  'genCA',
  'genSelfSignedCert',
  'genSignedCert',
  'encryptAES',
  'keys',
  'values',
]);

/** Functions that read the clock when their date argument is not a time or Unix seconds. */
export const clockFallbackFuncs: ReadonlySet<string> = new Set([
  'date',
  'date_in_zone',
  'dateInZone',
  'htmlDate',
  'htmlDateInZone',
]);

/**
 * Functions whose sprig v2.22.0 behaviour differs from sprig v3.2.3 (the differential oracle), with the reason.
 * A differential test must skip them (or only use inputs where both agree).
 */
export const v3Differences: ReadonlyMap<string, string> = new Map([
  ['trunc', 'v3 takes the last n bytes for a negative n; v2 panics (slice bounds out of range)'],
  ['int', 'v3 uses spf13/cast: strconv.ParseInt(s, 0, 0), so "010" is 8 and "0x10" is 16; v2 parses base 10 only'],
  ['int64', 'same as int: spf13/cast in v3, strconv.ParseInt(s, 10, 64) in v2'],
  ['float64', 'v3 uses spf13/cast.ToFloat64; v2 strconv.ParseFloat with 0 on error'],
  ['add1', 'argument conversion via cast in v3 (strings like "0x10", floats)'],
  ['add', 'argument conversion via cast in v3'],
  ['sub', 'argument conversion via cast in v3'],
  ['mul', 'argument conversion via cast in v3'],
  ['div', 'argument conversion via cast in v3'],
  ['mod', 'argument conversion via cast in v3'],
  ['max', 'argument conversion via cast in v3'],
  ['biggest', 'argument conversion via cast in v3'],
  ['min', 'argument conversion via cast in v3'],
  ['round', 'argument conversion via cast in v3'],
  ['ceil', 'argument conversion via cast in v3'],
  ['floor', 'argument conversion via cast in v3'],
  ['slice', 'v3 converts string indices with cast.ToInt (base prefixes)'],
  ['semver', 'v3 uses Masterminds/semver v3: stricter prerelease/metadata validation, Major() etc. differ'],
  ['semverCompare', 'semver v3 changed ^ for 0.x, pre-release matching and range rewriting'],
  ['snakecase', 'huandu/xstrings 1.2.0 (Kanister) vs ≥1.3 (v3.2.3) convert differently ("ABc", digits, spaces)'],
  ['camelcase', 'xstrings 1.2.0 lower-cases inside words and drops a lone last rune; ≥1.3 does not'],
  ['kebabcase', 'same xstrings version difference as snakecase'],
  ['merge', 'different imdario/mergo versions treat empty values and nested maps differently'],
  ['mergeOverwrite', 'different imdario/mergo versions treat empty values and nested maps differently'],
  ['toJson', 'Go 1.22+ escapes \\b and \\f as \\b/\\f (Kanister); the Go 1.19 oracle prints \\u0008/\\u000c'],
  ['toPrettyJson', 'as toJson'],
  ['genPrivateKey', 'Kanister refuses dsa and "" (FIPS); v2 has no ed25519 ("Unknown type ed25519")'],
  ['derivePassword', 'Kanister refuses it (FIPS)'],
  ['deepCopy', 'copystructure versions differ for nil and typed-nil values'],
]);

import { describe, expect, it } from 'vitest';
import {
  nonDeterministicFuncs,
  sprigFuncs,
  v3Differences,
  withheldFuncs,
} from '../../../../../shared/blueprint/template/sprig/index.js';

// The genericMap of sprig v2.22.0 functions.go, minus env, expandenv and getHostByName.
const V2_22_0 =
  `hello date date_in_zone date_modify now htmlDate htmlDateInZone dateInZone dateModify ago toDate unixEpoch
abbrev abbrevboth trunc trim upper lower title untitle substr repeat trimall trimAll trimSuffix trimPrefix nospace
initials randAlphaNum randAlpha randAscii randNumeric swapcase shuffle snakecase camelcase kebabcase wrap wrapWith
contains hasPrefix hasSuffix quote squote cat indent nindent replace plural sha1sum sha256sum adler32sum toString atoi
int64 int float64 toDecimal split splitList splitn toStrings until untilStep add1 add sub div mod mul biggest max min
ceil floor round join sortAlpha default empty coalesce compact deepCopy toJson toPrettyJson ternary typeOf typeIs
typeIsLike kindOf kindIs deepEqual base dir clean ext isAbs b64enc b64dec b32enc b32dec tuple list dict set unset
hasKey pluck keys pick omit merge mergeOverwrite values append push prepend first rest last initial reverse uniq
without has slice concat genPrivateKey derivePassword buildCustomCert genCA genSelfSignedCert genSignedCert
encryptAES decryptAES uuidv4 semver semverCompare fail regexMatch regexFindAll regexFind regexReplaceAll
regexReplaceAllLiteral regexSplit urlParse urlJoin`.split(/\s+/);

describe('the Kanister sprig function map', () => {
  it('defines exactly sprig v2.22.0’s functions minus the withheld ones', () => {
    expect([...sprigFuncs.keys()].sort()).toEqual([...V2_22_0].sort());
  });

  it('leaves env, expandenv and getHostByName undefined', () => {
    for (const name of withheldFuncs) expect(sprigFuncs.has(name)).toBe(false);
  });

  it('does not define sprig v3-only functions', () => {
    const v3Only = [
      'mustToJson',
      'fromJson',
      'dig',
      'get',
      'seq',
      'randInt',
      'bcrypt',
      'htpasswd',
      'osBase',
      'toRawJson',
      'chunk',
      'addf',
      'all',
      'any',
      'duration',
      'durationRound',
      'regexQuoteMeta',
      'randBytes',
      'mustFirst',
      'genCAWithKey',
    ];
    for (const name of v3Only) expect(sprigFuncs.has(name)).toBe(false);
  });

  it('names only defined functions as non-deterministic or v3-different', () => {
    for (const name of [...nonDeterministicFuncs, ...v3Differences.keys()]) expect(sprigFuncs.has(name)).toBe(true);
  });
});

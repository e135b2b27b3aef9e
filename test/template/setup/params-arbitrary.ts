/**
 * fast-check arbitrary for random TemplateParams as params JSON text (docs/dev/template-params.md). Numbers are kept
 * as literals so the generator controls int64-vs-float64 decoding (`1` vs `1.0`, values past int64).
 * Keys come from small vocabularies shared with the template generator so field paths hit as often as they miss.
 */
import fc from 'fast-check';

/** A JSON number literal, written out as is. */
export class NumberLiteral {
  constructor(readonly text: string) {}
}

export type JsonModel = string | boolean | null | NumberLiteral | JsonModel[] | { [key: string]: JsonModel };

export const objectKeys = ['a', 'b', 'name', 'items', 'n', 'x', 'x-y'] as const;
export const optionKeys = ['a', 'b', 'mode', 'x-y', 'empty'] as const;
export const mapNames = ['db', 'cfg', 'x'] as const;
export const phaseNames = ['backup', 'p', 'x'] as const;

export const intLiterals = ['0', '1', '2', '3', '7', '-3', '42', '255'];
const bigIntLiterals = ['9223372036854775807', '-9223372036854775808', '9223372036854775808', '100000000000000000000'];
export const floatLiterals = ['1.0', '1.5', '-0.25', '1e3', '2.5E-3', '0.1', '1e21', '123456789.0', '-0.0'];

export const stringPool = [
  '',
  'a',
  'x',
  'hello world',
  'HELLO',
  'ümlaut é',
  '日本語',
  'a,b,c',
  '017',
  '0x1F',
  '1.0',
  ' 5 ',
  '-3',
  '10',
  'true',
  '<a&b>',
  'line1\nline2',
  'tab\there',
  'quote"s',
  'back\\slash',
  'dGVzdA==',
  '%d',
  '$1',
  'a-b_c',
  'CamelCase thing',
  '2024-03-05',
  '/var/lib/data.tar.gz',
  'http://u:p@host:8080/p/a?q=1&r=2#frag',
  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  // Kanister rewrites any exec error containing this text, keeping what follows the last occurrence as the key.
  'map has no entry for key "k" and more',
] as const;

export const timeValues = [
  '2024-03-05T17:45:12.123456789Z',
  '2024-01-01T00:00:00Z',
  '2023-12-31T23:59:59.5+02:00',
  'not-a-time',
  '',
];

const str = fc.constantFrom(...stringPool);
const intLit = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...intLiterals) },
  { weight: 1, arbitrary: fc.constantFrom(...bigIntLiterals) },
);
const num = fc
  .oneof({ weight: 3, arbitrary: intLit }, { weight: 1, arbitrary: fc.constantFrom(...floatLiterals) })
  .map((t) => new NumberLiteral(t));

/** A map over a key vocabulary: each key present nine times in ten, so template paths mostly hit. */
function dictOf<T extends JsonModel>(keys: readonly string[], value: fc.Arbitrary<T>, maxKeys = keys.length) {
  return fc
    .tuple(
      ...keys.slice(0, maxKeys).map((k) =>
        fc.option(
          value.map((v) => [k, v] as const),
          { freq: 10 },
        ),
      ),
    )
    .map((entries) => Object.fromEntries(entries.filter((e) => e !== null)) as Record<string, T>);
}

/** Unstructured JSON (Object, Phase outputs, PodOverride). */
export const unstructured: fc.Arbitrary<JsonModel> = fc.letrec<{ tree: JsonModel }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: str },
    { weight: 3, arbitrary: num },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.array(tie('tree'), { maxLength: 3 }) },
    { weight: 3, arbitrary: dictOf(objectKeys, tie('tree')) },
  ),
})).tree;

const unstructuredMap = dictOf(objectKeys, unstructured);
const strings = fc.array(str, { maxLength: 3 });

const base64 = fc
  .oneof(
    fc.constantFrom('pass', 'r00t', '', 'a b'),
    fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b).toString('latin1')),
  )
  .map((s) => Buffer.from(s, 'latin1').toString('base64'));

const objectMeta = fc.record(
  {
    name: str,
    namespace: str,
    labels: dictOf(optionKeys, str),
    annotations: dictOf(optionKeys, str),
    uid: str,
  },
  { requiredKeys: [] },
);

const secret = fc.record(
  {
    kind: fc.constant('Secret'),
    apiVersion: fc.constant('v1'),
    metadata: objectMeta,
    data: dictOf(optionKeys, base64),
    stringData: dictOf(optionKeys, str),
    type: fc.constantFrom('Opaque', 'kubernetes.io/basic-auth'),
    immutable: fc.boolean(),
  },
  { requiredKeys: ['metadata', 'data', 'stringData'] },
);

const configMap = fc.record(
  { metadata: objectMeta, data: dictOf(optionKeys, str), binaryData: dictOf(optionKeys, base64) },
  { requiredKeys: ['metadata', 'data'] },
);

const workload = fc.record(
  {
    Name: str,
    Namespace: str,
    Pods: strings,
    Containers: fc.array(strings, { maxLength: 3 }),
    PersistentVolumeClaims: dictOf(objectKeys, dictOf(objectKeys, str)),
  },
  { requiredKeys: [] },
);

const nameNs = fc.record({ Name: str, Namespace: str }, { requiredKeys: [] });

const profile = fc.record(
  {
    Location: fc.record(
      { type: fc.constantFrom('s3Compliant', 'gcs'), bucket: str, endpoint: str, prefix: str, region: str },
      { requiredKeys: [] },
    ),
    Credential: fc.record(
      {
        Type: fc.constantFrom('keyPair', 'secret', 'kopia'),
        KeyPair: fc.option(fc.record({ ID: str, Secret: str }), { nil: null }),
        Secret: fc.option(secret, { nil: null }),
        KopiaServerSecret: fc.record(
          {
            Username: str,
            Hostname: str,
            ConnectOptions: dictOf(
              objectKeys,
              fc.constantFrom(...intLiterals).map((t) => new NumberLiteral(t)),
            ),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    SkipSSLVerify: fc.boolean(),
  },
  { requiredKeys: [] },
);

const topLevelFields = [
  'StatefulSet',
  'Deployment',
  'DeploymentConfig',
  'PVC',
  'Namespace',
  'ArtifactsIn',
  'ConfigMaps',
  'Secrets',
  'Time',
  'Profile',
  'Options',
  'Object',
  'Phases',
  'DeferPhase',
  'PodOverride',
  'RepositoryServer',
] as const;

const phase = fc.option(
  fc.record(
    { Secrets: dictOf(mapNames, secret, 2), ConfigMaps: dictOf(mapNames, configMap, 2), Output: unstructuredMap },
    { requiredKeys: ['Output'] },
  ),
  { nil: null, freq: 6 },
);

/** Random TemplateParams as a JSON model; every top-level field is optional, workloads may be null. */
const fullParamsModel = fc.record({
  StatefulSet: fc.option(workload, { nil: null, freq: 5 }),
  Deployment: fc.option(workload, { nil: null, freq: 5 }),
  DeploymentConfig: workload,
  PVC: nameNs,
  Namespace: nameNs,
  ArtifactsIn: dictOf(
    mapNames,
    fc.record({ keyValue: dictOf(optionKeys, str), kopiaSnapshot: str }, { requiredKeys: ['keyValue'] }),
    2,
  ),
  ConfigMaps: dictOf(mapNames, configMap, 2),
  Secrets: dictOf(mapNames, secret, 2),
  Time: fc.constantFrom(...timeValues),
  Profile: profile,
  Options: dictOf(optionKeys, str, 5),
  Object: unstructuredMap,
  Phases: dictOf(phaseNames, phase, 3),
  DeferPhase: phase,
  PodOverride: dictOf(objectKeys, unstructured, 2),
  RepositoryServer: fc.constant({}),
});

/** Most fields present; a few dropped (absent workloads are nil pointers in Go). */
export const templateParamsModel: fc.Arbitrary<Record<string, JsonModel>> = fc
  .tuple(fullParamsModel, fc.uniqueArray(fc.constantFrom(...topLevelFields), { maxLength: 3 }))
  .map(([tp, drop]) => {
    const out: Record<string, JsonModel> = { ...tp };
    for (const f of drop) delete out[f];
    return out;
  });

/** Go matches JSON keys to field names case-insensitively: now and then spell a field in lower case. */
const casedParamsModel = fc.tuple(templateParamsModel, fc.nat(19)).map(([tp, roll]) => {
  if (roll > 1) return tp;
  const field = roll === 0 ? 'Options' : 'Object';
  const { [field]: value, ...rest } = tp;
  return value === undefined ? tp : { ...rest, [field.toLowerCase()]: value };
});

/** Serialises a JSON model; NumberLiterals are written verbatim. */
export function toJsonText(v: JsonModel): string {
  if (v instanceof NumberLiteral) return v.text;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(toJsonText).join(',')}]`;
  return `{${Object.entries(v)
    .map(([k, e]) => `${JSON.stringify(k)}:${toJsonText(e)}`)
    .join(',')}}`;
}

export const paramsJsonArbitrary: fc.Arbitrary<string> = casedParamsModel.map(toJsonText);

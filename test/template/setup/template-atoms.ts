/**
 * The leaves of the differential test's template grammar (test/template/generator.ts): literals, field paths into
 * TemplateParams, typed argument pools, and the syntax errors spliced into a share of the templates.
 */
import fc from 'fast-check';
import type { ArgKind } from './function-table.js';
import { undefinedFuncs } from './function-table.js';
import { floatLiterals, mapNames, objectKeys, optionKeys, phaseNames, stringPool } from './params-arbitrary.js';

export type Arb = fc.Arbitrary<string>;

/** Scope facts the grammar needs: whether $v/$w are declared, and whether we are in a range (2: with $i, $e). */
export interface Ctx {
  readonly vars: boolean;
  readonly loop: 0 | 1 | 2;
}

export const c = fc.constantFrom;
export const goQuote = (s: string): string => JSON.stringify(s);
export const quoted = (pool: readonly string[]): Arb => c(...pool).map(goQuote);
export const join = (parts: readonly string[]): string => parts.join('');
export const identKeys = objectKeys.filter((k) => /^\w+$/.test(k));
export const identOptions = optionKeys.filter((k) => /^\w+$/.test(k));

export const stringLit: Arb = fc.oneof(
  { weight: 5, arbitrary: quoted(stringPool) },
  { weight: 1, arbitrary: c(...stringPool.filter((s) => !s.includes('`'))).map((s) => `\`${s}\``) },
);
export const smallInt: Arb = c('0', '1', '2', '3', '4', '5', '6');
export const intLit: Arb = fc.oneof(
  { weight: 8, arbitrary: c('0', '1', '2', '3', '5', '7', '12', '-1', '-3') },
  {
    weight: 1,
    arbitrary: c('0x1F', '0o17', '017', '1_000', '9223372036854775807', '-9223372036854775808', "'a'", '1e3', '1i'),
  },
);
export const floatLit: Arb = c(
  '1.5',
  '-0.5',
  '2.0',
  '.5',
  '0x1p-2',
  ...floatLiterals.filter((f) => !f.startsWith('-0.0')),
);
export const numericString = quoted(['017', '1.0', '0x1F', ' 5', '-3', '10', 'abc', '1e2', '']);

/** Fields that hold strings when present (or nothing, which is a missing-key error). */
export const stringField: Arb = fc.oneof(
  c(...identOptions).map((k) => `.Options.${k}`),
  c('.StatefulSet.Name', '.Deployment.Namespace', '.Time', '.Object.name', '.Profile.Location.Bucket', '$.Options.a'),
  fc.tuple(c(...mapNames), c(...identOptions)).map(([n, k]) => `.ConfigMaps.${n}.Data.${k}`),
  fc.tuple(c(...mapNames), c(...identOptions)).map(([n, k]) => `.Secrets.${n}.StringData.${k}`),
  c(...mapNames).map((n) => `.ArtifactsIn.${n}.KopiaSnapshot`),
);

export const fieldPath: Arb = fc.oneof(
  { weight: 4, arbitrary: c(...identOptions).map((k) => `.Options.${k}`) },
  { weight: 4, arbitrary: c(...identKeys).map((k) => `.Object.${k}`) },
  {
    weight: 1,
    arbitrary: fc.array(c(...identKeys), { minLength: 2, maxLength: 3 }).map((ks) => `.Object.${ks.join('.')}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        c('StatefulSet', 'Deployment', 'DeploymentConfig'),
        c('Name', 'Namespace', 'Pods', 'Containers', 'PersistentVolumeClaims', 'Nope'),
      )
      .map(([w, f]) => `.${w}.${f}`),
  },
  {
    weight: 1,
    arbitrary: c(
      '.PVC.Name',
      '.Namespace.Name',
      '.Namespace.Namespace',
      '.Time',
      '.RepositoryServer',
      '.PodOverride',
      '.Nope',
      '.Options',
      '.Object',
      '.Phases',
      '.Secrets',
      '.StatefulSet',
      '.ArtifactsIn',
      '.',
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(c(...mapNames), c(...identOptions))
      .map(([n, k]) =>
        c(
          `.ArtifactsIn.${n}.KeyValue.${k}`,
          `.ConfigMaps.${n}.Data.${k}`,
          `.Secrets.${n}.Data.${k}`,
          `.Secrets.${n}.StringData.${k}`,
          `.ArtifactsIn.${n}.KopiaSnapshot`,
        ),
      )
      .chain((a) => a),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        c('ConfigMaps', 'Secrets'),
        c(...mapNames),
        c(
          'Name',
          'Namespace',
          'Labels',
          'Annotations',
          'Kind',
          'APIVersion',
          'Type',
          'Immutable',
          'UID',
          'ObjectMeta',
          'TypeMeta',
          'Data',
          'ObjectMeta.Name',
          'TypeMeta.Kind',
        ),
      )
      .map(([m, n, f]) => `.${m}.${n}.${f}`),
  },
  {
    weight: 1,
    arbitrary: c(
      'Location',
      'Location.Bucket',
      'Location.Type',
      'Location.Region',
      'Credential',
      'Credential.Type',
      'Credential.KeyPair.ID',
      'Credential.KeyPair',
      'Credential.Secret',
      'Credential.Secret.Namespace',
      'SkipSSLVerify',
      'Credential.KopiaServerSecret.ConnectOptions',
      'Credential.KopiaServerSecret.Username',
    ).map((f) => `.Profile.${f}`),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(c(...phaseNames), fc.array(c(...identKeys), { maxLength: 1 }))
      .map(([p, ks]) => `.Phases.${p}.Output${ks.map((k) => `.${k}`).join('')}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(c(...phaseNames), c(...mapNames))
      .map(([p, n]) =>
        c(`.Phases.${p}.Secrets.${n}.Namespace`, `.Phases.${p}.ConfigMaps.${n}.Data.a`, `.Phases.${p}.Secrets`),
      )
      .chain((a) => a),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(c(...identKeys), { maxLength: 2 })
      .map((ks) => `.DeferPhase.Output${ks.map((k) => `.${k}`).join('')}`),
  },
  {
    weight: 1,
    arbitrary: c(...identKeys)
      .map((k) => c(`.${k}`, `.PodOverride.${k}`))
      .chain((a) => a),
  },
);

export function varRef(ctx: Ctx): Arb {
  const refs = ['$', '$.Options.a', '$.Object'];
  if (ctx.vars) refs.push('$v', '$w', '$v.a', '$w.name');
  if (ctx.loop === 2) refs.push('$i', '$e', '$e.name', '$e.a');
  return c(...refs);
}

export const typedPools: Partial<Record<ArgKind, Arb>> = {
  r: quoted(['a+', '[0-9]+', '(a)(b)?', '^h', '\\d', '(?i)A', '[', 'x*', '\\pL+', '.', '', '(\\w+)@(\\w+)', 'l+']),
  fmt: quoted([
    '%s',
    '%d',
    '%v',
    '%q',
    '%x',
    '%5.2f',
    '%T',
    '%+v',
    '%#v',
    '%%',
    '%!',
    '%[2]s',
    '%-5s|',
    '%05d',
    '%e',
    '%g',
    '%t',
    '%c',
    '%U',
    '%o',
    '%b',
    '%s-%d',
    '%v %v',
    '%08.3f',
    '%X',
    '%6.2q',
    '%[1]d %[1]v',
    '%*d',
    'x',
  ]),
  date: quoted([
    '2006-01-02',
    '15:04:05',
    '2006-01-02T15:04:05.999999999Z07:00',
    'Mon Jan 2',
    '3:04PM',
    'MST',
    '.000',
    'Z07:00',
    '2006-01-02T15-04-05',
    'January _2 2006',
    'x',
  ]),
  zone: quoted(['UTC', 'America/New_York', 'Asia/Kolkata', 'Local', 'Nope/Zone', '', 'Europe/Paris']),
  dur: quoted(['1h', '-90m', '1h30m', 'abc', '', '1.5h', '300ms', '-1us']),
  key: quoted(['dsa', '', 'foo', 'ed25519']),
  k: fc.oneof(intLit, quoted([...objectKeys, ...optionKeys, 'nope'])),
  I: smallInt,
};

/** Deliberate syntax errors, spliced into a well-formed template. */
const breakages = [
  '{{end}}',
  '{{',
  '{{else}}',
  '{{break}}',
  '{{ $nope }}',
  '{{ "unterminated }}',
  '{{/* unclosed',
  '{{}}',
  '{{ | upper }}',
  '{{ .Options.x-y }}',
  '{{ upper "a" | }}',
  '{{ ) }}',
  '{{ .A. }}',
  '{{range}}',
  '{{ 1 2 }}',
  '{{if}}{{end}}',
  '{{ define "x" }}',
  '{{/* c */ 1}}',
  '{{ $v := }}',
  '{{ nil }}',
  '{{ .Options.a.b.c }}',
  ...undefinedFuncs.map((f) => `{{ ${f} "a" }}`),
];

export function broken(template: Arb): Arb {
  return fc.tuple(template, c(...breakages), fc.nat(), fc.boolean()).map(([t, b, at, dropEnd]) => {
    const base = dropEnd && t.includes('{{end}}') ? t.replace('{{end}}', '') : t;
    const pos = at % (base.length + 1);
    return base.slice(0, pos) + b + base.slice(pos);
  });
}

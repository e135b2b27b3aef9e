/**
 * fast-check arbitraries for the differential test: random Go templates over the whole text/template grammar
 * (text, comments, trim markers, fields and chains, variables, if/with/range with else/break/continue,
 * define/template/block, parenthesised pipelines, builtins, Kanister's sprig functions) paired with random
 * TemplateParams. Most templates are well formed; a share is broken on purpose (parse errors), and exec errors
 * (missing keys, nil pointers, wrong types) come from the params. The leaves live in setup/template-atoms.ts; the
 * grammar stays in one closure (a little over 300 lines) because its rules refer to one another.
 */
import fc from 'fast-check';
import { type ArgKind, builtinSpecs, type FuncSpec, sprigSpecs } from './setup/function-table.js';
import { paramsJsonArbitrary } from './setup/params-arbitrary.js';
import {
  type Arb,
  broken,
  type Ctx,
  c,
  fieldPath,
  floatLit,
  identKeys,
  intLit,
  join,
  numericString,
  stringField,
  stringLit,
  typedPools,
  varRef,
} from './setup/template-atoms.js';

export interface GeneratedCase {
  readonly template: string;
  readonly paramsJson: string;
}

/** Builds the grammar for one function set; arbitraries are memoised per scope and depth. */
export function templateArbitrary(funcs: ReadonlyMap<string, FuncSpec>): Arb {
  const names = [...funcs.keys()];
  // Piping a non-time into date/htmlDate would format time.Now(); piping a huge int into until would allocate forever.
  const pipeTargets = names.filter((n) => !['date', 'htmlDate', 'until'].includes(n));
  const stringFuncs = [
    'upper',
    'lower',
    'trim',
    'toString',
    'quote',
    'title',
    'b64enc',
    'replace',
    'print',
    'printf',
    'join',
    'substr',
    'trunc',
    'toJson',
    'typeOf',
    'default',
    'regexFind',
  ].filter((n) => funcs.has(n));
  // Depth strictly decreases through every recursive reference, so eager construction terminates; the cache keeps
  // it to one arbitrary per (rule, scope, depth).
  const cache = new Map<string, Arb>();
  const memo = (key: string, make: () => Arb): Arb => {
    const hit = cache.get(key);
    if (hit) return hit;
    const arb = make();
    cache.set(key, arb);
    return arb;
  };
  const scope = (ctx: Ctx, d: number): string => `${ctx.vars ? 'v' : '-'}${ctx.loop}${d}`;

  const args = (spec: FuncSpec, ctx: Ctx, d: number, drop: number): fc.Arbitrary<string[]> => {
    const fixedKinds = spec.args.slice(0, Math.max(0, spec.args.length - drop));
    const fixed = fc.tuple(...fixedKinds.map((k) => arg(k, ctx, d)));
    const rest = spec.rest && drop === 0 ? fc.array(arg(spec.rest, ctx, d), { maxLength: 3 }) : fc.constant([]);
    // One call in twenty has an argument too many or too few: Go checks arity at exec time.
    return fc.tuple(fixed, rest, fc.nat(39), anyExpr(ctx, d)).map(([f, r, roll, extra]) => {
      const all = [...f, ...r];
      if (roll === 0) return all.slice(0, -1);
      if (roll === 1) return [...all, extra];
      return all;
    });
  };

  const call = (ctx: Ctx, d: number, pool: readonly string[], piped: boolean): Arb =>
    memo(`call${pool.join(',')}${scope(ctx, d)}${piped}`, () =>
      fc.oneof(
        ...pool.map((name) =>
          args(funcs.get(name) ?? { args: [] }, ctx, d, piped ? 1 : 0).map((a) => [name, ...a].join(' ')),
        ),
      ),
    );

  const paren = (ctx: Ctx, d: number): Arb =>
    fc
      .tuple(pipeline(ctx, d - 1), fc.option(c(...identKeys), { freq: 4 }))
      .map(([p, f]) => (f === null ? `(${p})` : `(${p}).${f}`));

  function anyExpr(ctx: Ctx, d: number): Arb {
    return memo(`any${scope(ctx, d)}`, () =>
      fc.oneof(
        { weight: 3, arbitrary: fc.oneof(stringLit, intLit, floatLit, c('true', 'false')) },
        { weight: 5, arbitrary: fieldPath },
        { weight: 2, arbitrary: varRef(ctx) },
        ...(d > 0 ? [{ weight: 3, arbitrary: paren(ctx, d) }] : []),
      ),
    );
  }

  function arg(kind: ArgKind, ctx: Ctx, d: number): Arb {
    return memo(`arg${kind}${scope(ctx, d)}`, () => makeArg(kind, ctx, d));
  }

  function makeArg(kind: ArgKind, ctx: Ctx, d: number): Arb {
    const pool = typedPools[kind];
    // Variables in the constant pools below only where they are declared.
    const inScope = (exprs: string[]): Arb =>
      c(...exprs.filter((e) => (e.startsWith('$v') ? ctx.vars : e.startsWith('$e') ? ctx.loop === 2 : true)));
    if (pool)
      return kind === 'I' ? fc.oneof({ weight: 19, arbitrary: pool }, { weight: 1, arbitrary: stringLit }) : pool;
    // A mistyped argument now and then: one in about twenty.
    const wrong = { weight: 1, arbitrary: fc.oneof(anyExpr(ctx, d), c('nil')) };
    const sub = (pool: readonly string[]) =>
      d > 0 ? [{ weight: 2, arbitrary: call(ctx, d - 1, pool, false).map((s) => `(${s})`) }] : [];
    switch (kind) {
      case 's':
        return fc.oneof(
          { weight: 10, arbitrary: stringLit },
          { weight: 6, arbitrary: stringField },
          ...sub(stringFuncs),
          wrong,
        );
      case 'i':
        return fc.oneof(
          { weight: 16, arbitrary: intLit },
          { weight: 2, arbitrary: fieldPath.map((f) => `(len ${f})`) },
          wrong,
        );
      case 'n':
        return fc.oneof(
          { weight: 6, arbitrary: intLit },
          { weight: 4, arbitrary: floatLit },
          { weight: 4, arbitrary: numericString },
          { weight: 3, arbitrary: inScope(['.Object.n', '.Object.a', '.Phases.p.Output.n', '.Options.a', '$e']) },
          ...sub(['add', 'len', 'int64', 'float64', 'atoi'].filter((n) => funcs.has(n))),
          wrong,
        );
      case 'f':
        return fc.oneof(floatLit, intLit);
      case 'b':
        return fc.oneof(
          { weight: 8, arbitrary: c('true', 'false') },
          ...sub(['eq', 'not', 'empty', 'hasKey', 'contains'].filter((n) => funcs.has(n))),
          wrong,
        );
      case 'l':
        return fc.oneof(
          {
            weight: 12,
            arbitrary: inScope([
              '.StatefulSet.Pods',
              '.Deployment.Containers',
              '.Object.items',
              '.Object.a',
              '(list 1 "a" nil 2.5)',
              '(list "b" "a" "b")',
              '(until 4)',
              '(splitList "," "a,b,,c")',
              '(sortAlpha (keys .Object))',
              '(sortAlpha (values .Object))',
              '$e',
              '.Phases.p.Output.items',
            ]),
          },
          ...sub(['list', 'splitList', 'until', 'append', 'rest', 'uniq'].filter((n) => funcs.has(n))),
          wrong,
        );
      case 'm':
        return fc.oneof(
          {
            weight: 12,
            arbitrary: inScope([
              '.Object',
              '.Object.items',
              '.Object.a',
              '(dict "a" 1 "b" "x")',
              '(dict)',
              '.Phases.p.Output',
              '.Options',
              '.PodOverride',
              '(urlParse "http://u:p@h:8/p?q=1#f")',
              '$v',
              '.DeferPhase.Output',
            ]),
          },
          ...sub(['dict', 'pick', 'omit', 'deepCopy'].filter((n) => funcs.has(n))),
          wrong,
        );
      case 't':
        // Never a string or a field: sprig's date functions format time.Now() for anything that is not a time.
        return fc.oneof(
          { weight: 3, arbitrary: fc.tuple(typedPools.date as Arb, stringLit).map(([l, s]) => `(toDate ${l} ${s})`) },
          {
            weight: 3,
            arbitrary: c(
              '(toDate "2006-01-02T15:04:05.999999999Z07:00" "2024-03-05T17:45:12.123456789Z")',
              '(toDate "2006-01-02" "2024-02-29")',
              '(toDate "2006-01-02T15:04:05Z07:00" "2023-12-31T23:59:59+02:00")',
            ),
          },
          { weight: 2, arbitrary: c('0', '1700000000', '-1', '86400') },
          {
            weight: 1,
            arbitrary: fc
              .tuple(typedPools.dur as Arb)
              .map(([du]) => `(dateModify ${du} (toDate "2006-01-02" "2024-03-05"))`),
          },
        );
      default:
        return anyExpr(ctx, d);
    }
  }

  function pipeline(ctx: Ctx, d: number): Arb {
    return memo(`pipe${scope(ctx, d)}`, () => {
      const first = fc.oneof(
        { weight: 2, arbitrary: anyExpr(ctx, d) },
        { weight: 3, arbitrary: call(ctx, d, names, false) },
      );
      // (nil alone is "nil is not a command": the broken share covers it)
      const next = call(ctx, d, pipeTargets, true);
      // Piping is where most type mismatches come from: one command in three is piped on.
      const piped = fc.oneof(
        { weight: 2, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.array(next, { minLength: 1, maxLength: 2 }) },
      );
      return fc.tuple(first, piped).map(([f, n]) => [f, ...n].join(' | '));
    });
  }

  const trim = fc.tuple(c('{{', '{{', '{{- '), c('}}', '}}', ' -}}'));
  const action = (ctx: Ctx, d: number): Arb =>
    fc
      .tuple(trim, pipeline(ctx, d))
      .map(([[l, r], p]) => `${l}${l === '{{' ? ' ' : ''}${p}${r === '}}' ? ' ' : ''}${r}`);
  const text: Arb = c('a', ' ', '\n', 'x-y', '}}', '}', 'é', '\t', '<b>&', 'line\n', '  ', ': ', '日本');
  const comment: Arb = c('{{/* c */}}', '{{- /* c */ -}}', '{{/* multi\nline */}}', '{{- /* c */}}');

  function body(ctx: Ctx, d: number): Arb {
    return memo(`body${scope(ctx, d)}`, () => fc.array(item(ctx, d), { maxLength: 3 }).map(join));
  }

  function item(ctx: Ctx, d: number): Arb {
    const inner = Math.max(0, d - 1);
    const loopCtx: Ctx = { vars: ctx.vars, loop: ctx.loop === 2 ? 2 : 1 };
    const blocks =
      d > 0
        ? [
            {
              weight: 2,
              arbitrary: fc
                .tuple(
                  pipeline(ctx, inner),
                  body(ctx, inner),
                  fc.option(fc.tuple(pipeline(ctx, inner), body(ctx, inner))),
                  fc.option(body(ctx, inner)),
                )
                .map(
                  ([p, b, elif, els]) =>
                    `{{if ${p}}}${b}${elif ? `{{else if ${elif[0]}}}${elif[1]}` : ''}${els !== null ? `{{else}}${els}` : ''}{{end}}`,
                ),
            },
            {
              weight: 1,
              arbitrary: fc
                .tuple(pipeline(ctx, inner), body(ctx, inner), fc.option(body(ctx, inner)))
                .map(([p, b, els]) => `{{with ${p}}}${b}${els !== null ? `{{else}}${els}` : ''}{{end}}`),
            },
            {
              weight: 2,
              arbitrary: fc
                .tuple(pipeline(ctx, inner), body(loopCtx, inner), fc.option(body(ctx, inner)))
                .map(([p, b, els]) => `{{range ${p}}}${b}${els !== null ? `{{else}}${els}` : ''}{{end}}`),
            },
            {
              weight: 2,
              arbitrary: fc
                .tuple(pipeline(ctx, inner), body({ vars: ctx.vars, loop: 2 }, inner))
                .map(([p, b]) => `{{- range $i, $e := ${p} }}${b}{{end -}}`),
            },
            {
              weight: 1,
              arbitrary: fc
                .tuple(c('T1', 'T2'), fc.option(pipeline(ctx, inner)))
                .map(([n, p]) => (p === null ? `{{template "${n}"}}` : `{{template "${n}" ${p}}}`)),
            },
            // A block defines its name: distinct names keep "multiple definition" errors to the broken share.
            {
              weight: 1,
              arbitrary: fc
                .tuple(
                  c('B1', 'B2', 'B3', 'B4', 'B5', 'B6'),
                  pipeline(ctx, inner),
                  body({ vars: false, loop: 0 }, inner),
                )
                .map(([n, p, b]) => `{{block "${n}" ${p}}}${b}{{end}}`),
            },
          ]
        : [];
    return fc.oneof(
      { weight: 3, arbitrary: text },
      { weight: 5, arbitrary: action(ctx, d) },
      { weight: 1, arbitrary: comment },
      ...(ctx.vars
        ? [{ weight: 1, arbitrary: fc.tuple(c('$v', '$w'), pipeline(ctx, inner)).map(([v, p]) => `{{${v} = ${p}}}`) }]
        : []),
      ...(ctx.loop > 0 ? [{ weight: 1, arbitrary: c('{{break}}', '{{continue}}', '{{- break -}}') }] : []),
      ...blocks,
    );
  }

  const top: Ctx = { vars: true, loop: 0 };
  // $v and $w are declared first so the rest may use them; their own pipelines may not.
  const free: Ctx = { vars: false, loop: 0 };
  const prelude = fc.tuple(arg('a', free, 1), arg('s', free, 1)).map(([v, w]) => `{{$v := ${v}}}{{- $w := ${w} -}}`);
  const define = fc
    .tuple(c('T1', 'T2'), body({ vars: false, loop: 0 }, 2))
    .map(([n, b]) => `{{define "${n}"}}${b}{{end}}`);
  return fc
    .tuple(
      prelude,
      fc.oneof(
        // Flat templates (text and output actions) reach a successful render most often.
        { weight: 4, arbitrary: fc.array(fc.oneof(text, action(top, 1)), { minLength: 1, maxLength: 4 }) },
        { weight: 3, arbitrary: fc.array(item(top, 1), { maxLength: 3 }) },
        { weight: 2, arbitrary: fc.array(item(top, 2), { maxLength: 3 }) },
        { weight: 1, arbitrary: fc.array(item(top, 3), { maxLength: 4 }) },
      ),
      fc.array(define, { maxLength: 1 }),
    )
    .map(([p, items, defs]) => `${p}${join(items)}${join(defs)}`);
}

/** A random (template, params JSON) pair: 88% well formed, 12% broken on purpose. */
export function generatedCaseArbitrary(exclude: ReadonlySet<string>): fc.Arbitrary<GeneratedCase> {
  const funcs = new Map(Object.entries({ ...builtinSpecs, ...sprigSpecs }).filter(([name]) => !exclude.has(name)));
  const template = templateArbitrary(funcs);
  return fc.record({
    template: fc.oneof({ weight: 22, arbitrary: template }, { weight: 3, arbitrary: broken(template) }),
    paramsJson: paramsJsonArbitrary,
  });
}

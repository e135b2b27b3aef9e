import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeDataObject, ObjectResolver } from '../../../shared/blueprint/functions-port.js';
import { InProcessRunContext } from '../../../shared/blueprint/in-process-context.js';
import { type ActionResult, type ParamsObject, runAction } from '../../../shared/blueprint/interpreter.js';
import type { Logger } from '../../../shared/blueprint/run-context.js';
import { type Blueprint, blueprintSchema } from '../../../shared/blueprint/schema.js';
import { createRenderer } from '../../../shared/engine/renderer.js';
import { type TestFunctionLog, testFunctions } from '../../support/test-functions.js';

const SECRET = 'Sup3r-Secret-Pa55';
const secret: KubeDataObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'ns1' },
  data: { password: Buffer.from(SECRET).toString('base64') },
};
const resolver: ObjectResolver = {
  secret: async (ns, name) => {
    if (ns === 'ns1' && name === 'db') return secret;
    throw new Error(`secret ${ns}/${name} not found`);
  },
  configMap: async (ns, name) => ({ metadata: { name, namespace: ns }, data: { mode: 'full' } }),
};

function blueprint(actions: string): Blueprint {
  return blueprintSchema.parse({
    apiVersion: 'cr.kanister.io/v1alpha1',
    kind: 'Blueprint',
    metadata: { name: 'test' },
    actions: parse(actions),
  });
}

interface Harness {
  result: ActionResult;
  calls: TestFunctionLog['calls'];
  logs: string[];
  rendered: string[];
}

async function run(actions: string, extra: Partial<Parameters<typeof runAction>[0]> = {}): Promise<Harness> {
  const log: TestFunctionLog = { calls: [] };
  const logs: string[] = [];
  const record = (level: string) => (m: string, f?: Record<string, unknown>) =>
    logs.push(`${level} ${m} ${JSON.stringify(f)}`);
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const rendered: string[] = [];
  const renderer = createRenderer();
  const spyRenderer = (params: ParamsObject) => {
    const render = renderer(params);
    return (text: string) => {
      rendered.push(text);
      return render(text);
    };
  };
  const params: ParamsObject = {
    Object: { metadata: { name: 'app', namespace: 'ns1' } },
    Options: { greeting: 'hello' },
    Time: '2024-03-05T17:45:12.123456789Z',
  };
  const result = await runAction({
    blueprint: blueprint(actions),
    action: 'backup',
    params,
    functions: testFunctions(log),
    renderer: spyRenderer,
    resolver,
    run: new InProcessRunContext({ log: logger }),
    ...extra,
  });
  return { result, calls: log.calls, logs, rendered };
}

describe('runAction (Kanister semantics)', () => {
  it('runs phases in order and feeds outputs to later phases and artifacts', async () => {
    const { result, calls } = await run(`
backup:
  outputArtifacts:
    info: { keyValue: { got: "{{ .Phases.second.Output.echo }}" } }
  phases:
  - { func: OutputFunc, name: first, args: { value: "{{ .Options.greeting | upper }}" } }
  - { func: ArgFunc, name: second, args: { echo: "{{ .Phases.first.Output.value }}-{{ .Object.metadata.name }}" } }
`);
    expect(result.status).toBe('succeeded');
    expect(calls.map((c) => c.phase)).toEqual(['first', 'second']);
    expect(result.artifacts).toEqual({ info: { keyValue: { got: 'HELLO-app' } } });
    expect(result.phases.map((p) => p.state)).toEqual(['succeeded', 'succeeded']);
  });

  it('runs the deferPhase after a failing phase, skips the rest, and renders no artifacts', async () => {
    const { result, calls, rendered } = await run(`
backup:
  outputArtifacts:
    info: { keyValue: { never: "ARTIFACT-TEMPLATE {{ .Options.greeting }}" } }
  phases:
  - { func: FailFunc, name: boom, args: { message: "disk on fire" } }
  - { func: ArgFunc, name: after, args: {} }
  deferPhase: { func: OutputFunc, name: cleanup, args: { value: done } }
`);
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ phase: 'boom', message: 'phase boom (FailFunc): disk on fire' });
    expect(calls.map((c) => c.phase)).toEqual(['boom', 'cleanup']);
    expect(result.phases.map((p) => [p.name, p.state])).toEqual([
      ['boom', 'failed'],
      ['after', 'skipped'],
      ['cleanup', 'succeeded'],
    ]);
    expect(result.artifacts).toBeUndefined();
    expect(rendered.some((t) => t.startsWith('ARTIFACT-TEMPLATE'))).toBe(false);
  });

  it("runs the deferPhase after a render error, with Kanister's error text", async () => {
    const { result, calls } = await run(`
backup:
  phases:
  - { func: ArgFunc, name: bad, args: { x: "{{ .Options.missing }}" } }
  deferPhase: { func: ArgFunc, name: cleanup, args: {} }
`);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe('phase bad (ArgFunc): Failed to render template: "missing" not found');
    expect(calls.map((c) => c.phase)).toEqual(['cleanup']);
  });

  it('exposes the deferPhase output as .DeferPhase to artifacts', async () => {
    const { result } = await run(`
backup:
  outputArtifacts:
    d: { keyValue: { op: "{{ .DeferPhase.Output.value }}" } }
  phases:
  - { func: ArgFunc, name: main, args: {} }
  deferPhase: { func: OutputFunc, name: cleanup, args: { value: deferValue } }
`);
    expect(result.artifacts).toEqual({ d: { keyValue: { op: 'deferValue' } } });
  });

  it("renders every phase's objects up front, so an object naming a later output fails before anything runs", async () => {
    const { result, calls } = await run(`
backup:
  phases:
  - { func: ArgFunc, name: one, args: {} }
  - func: ArgFunc
    name: two
    objects: { s: { kind: Secret, name: "{{ .Phases.one.Output.name }}", namespace: ns1 } }
    args: {}
  deferPhase: { func: ArgFunc, name: cleanup, args: {} }
`);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/^rendering phase objects: Failed to render template: "one" not found/);
    expect(calls).toEqual([]);
  });

  it('keeps Secret values out of every output, log line and error of a run that read them', async () => {
    const b64 = Buffer.from(SECRET).toString('base64');
    const { result, logs, calls } = await run(`
backup:
  outputArtifacts:
    a: { keyValue: { ns: "{{ .Phases.echo.Secrets.db.Namespace }}" } }
  phases:
  - func: ArgFunc
    name: echo
    objects: { db: { kind: Secret, name: db, namespace: "{{ .Object.metadata.namespace }}" } }
    args:
      plain: '{{ .Phases.echo.Secrets.db.Data.password | toString }}'
      encoded: '{{ .Phases.echo.Secrets.db.Data.password | toString | b64enc }}'
  - func: LogFunc
    name: log
    args: { said: '{{ .Phases.echo.Output.plain }}' }
  - func: FailFunc
    name: leak
    args: { message: 'login failed for {{ .Phases.echo.Output.plain }}' }
  deferPhase:
    func: ArgFunc
    name: cleanup
    args: { again: '{{ .Phases.echo.Output.encoded }}' }
`);
    expect(calls[0]?.args.plain).toBe(SECRET); // the function itself gets the real value
    const everything = JSON.stringify(result) + logs.join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(b64);
    expect(result.phases[0]?.args).toEqual({ plain: '***', encoded: '***' });
    expect(result.error?.message).toBe('phase leak (FailFunc): login failed for ***');
    expect(logs.some((l) => l.includes('LogFunc says') && l.includes('***'))).toBe(true);
  });

  it('refuses to store an output artifact that carries a Secret value', async () => {
    const { result } = await run(`
backup:
  outputArtifacts:
    a: { keyValue: { pw: "{{ .Phases.p.Secrets.db.Data.password | toString }}" } }
  phases:
  - { func: ArgFunc, name: p, objects: { db: { kind: Secret, name: db, namespace: ns1 } }, args: {} }
`);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('an output artifact contains a Secret value');
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('reports args a function cannot decode, naming the arg', async () => {
    const { result } = await run(`
backup:
  phases:
  - { func: StrictArgsFunc, name: s, args: { count: "{{ .Options.greeting }}" } }
`);
    expect(result.error?.message).toBe('phase s (StrictArgsFunc): count: "hello" is not an integer');
  });
});

describe('runAction (Holdfast additions)', () => {
  it('times a phase out and still runs the deferPhase', async () => {
    const { result, calls } = await run(
      `
backup:
  phases:
  - { func: WaitFunc, name: slow, args: { seconds: "30" } }
  deferPhase: { func: ArgFunc, name: cleanup, args: {} }
`,
      { phaseSettings: (p) => (p === 'slow' ? { timeoutSeconds: 0.2 } : {}) },
    );
    expect(result.error?.message).toBe('phase slow (WaitFunc): timed out after 0.2s');
    expect(calls.map((c) => c.phase)).toEqual(['slow', 'cleanup']);
  });

  it('retries a failed phase with backoff when asked, and counts attempts', async () => {
    const { result } = await run(
      `
backup:
  phases:
  - { func: FlakyFunc, name: flaky, args: {} }
`,
      { phaseSettings: () => ({ retries: 2, backoffSeconds: 0.01 }) },
    );
    expect(result.status).toBe('succeeded');
    expect(result.phases[0]).toMatchObject({ attempts: 2, output: { ok: 'yes' } });
  });

  it('stops at the first failure when retries are not asked for (Kanister never retries)', async () => {
    const { result } = await run(`
backup:
  phases:
  - { func: FlakyFunc, name: flaky, args: {} }
`);
    expect(result.status).toBe('failed');
    expect(result.phases[0]?.attempts).toBe(1);
  });

  it('dry-runs: renders every phase with placeholders for earlier outputs and executes nothing', async () => {
    const { result, calls } = await run(
      `
backup:
  outputArtifacts:
    a: { keyValue: { v: "{{ .Phases.first.Output.value }}" } }
  phases:
  - { func: OutputFunc, name: first, args: { value: x } }
  - { func: ArgFunc, name: second, args: { uses: "got {{ .Phases.first.Output.value }}" } }
`,
      { dryRun: true },
    );
    expect(calls).toEqual([]);
    expect(result.phases[1]?.args).toEqual({ uses: 'got <first.value>' });
    expect(result.artifacts).toEqual({ a: { keyValue: { v: '<first.value>' } } });
  });

  it('names the actions a blueprint has when asked for one it lacks', async () => {
    await expect(run('restore:\n  phases: []\n')).rejects.toThrow(
      'blueprint test has no action "backup" (it has: restore)',
    );
  });
});

/**
 * Local or remote: which Holdfast a command talks to. Remote is a deployed stack — found by `--stack` (its outputs
 * name the `invoke` function and the table), by `--invoke-function` + `--table`, or by the same HOLDFAST_*
 * variables — or, when AWS credentials are configured and nothing else is said, the default stack if it exists.
 * Local is everything else: the same use cases in this process on the embedded stores (`--sandbox`: against the
 * local API servers too).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError, ExitCode } from './errors.js';
import type { LocalTarget } from './local-mode/session.js';
import { type StackLookupError, stackOutputs } from './remote/stack-outputs.js';

export interface ModeOptions {
  readonly local?: boolean;
  readonly sandbox?: boolean;
  readonly stack?: string;
  readonly invokeFunction?: string;
  readonly table?: string;
  readonly region?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
}

export type Mode =
  | { readonly kind: 'local'; readonly target: LocalTarget }
  | { readonly kind: 'remote'; readonly invokeFunction: string; readonly table: string; readonly region?: string };

/** The stack name prefix a default deployment uses (infra/names.ts: `<Name>Agents`, `<Name>Stateful`). */
export const DEFAULT_STACK = 'holdfast';

function pascal(name: string): string {
  return name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function awsConfigured(env: NodeJS.ProcessEnv): boolean {
  return (
    Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE) ||
    Boolean(env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) ||
    existsSync(join(homedir(), '.aws', 'credentials')) ||
    existsSync(join(homedir(), '.aws', 'config'))
  );
}

async function fromStack(name: string, region: string | undefined, required: boolean): Promise<Mode | undefined> {
  const agents = `${pascal(name)}Agents`;
  const stateful = `${pascal(name)}Stateful`;
  try {
    const [a, s] = await Promise.all([
      stackOutputs(agents, { region, timeoutMs: required ? 15_000 : 3000 }),
      stackOutputs(stateful, { region, timeoutMs: required ? 15_000 : 3000 }),
    ]);
    if (a?.InvokeFunction && s?.TableName) {
      return { kind: 'remote', invokeFunction: a.InvokeFunction, table: s.TableName, region };
    }
    if (required) {
      throw new CliError(
        `stacks ${agents} and ${stateful} are not deployed${region ? ` in ${region}` : ''}: deploy with npx cdk deploy --all, or check --stack and --region`,
        ExitCode.environment,
      );
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (required)
      throw new CliError(`cannot read stack ${name}: ${(err as StackLookupError).message}`, ExitCode.environment);
  }
  return undefined;
}

export async function resolveMode(opts: ModeOptions, env: NodeJS.ProcessEnv = process.env): Promise<Mode> {
  const target: LocalTarget = {
    sandbox: opts.sandbox === true,
    kubeconfig: opts.kubeconfig,
    context: opts.context,
    region: opts.region,
  };
  if (opts.local || opts.sandbox) return { kind: 'local', target };
  const region = opts.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const invokeFunction = opts.invokeFunction ?? env.HOLDFAST_INVOKE_FUNCTION;
  const table = opts.table ?? env.HOLDFAST_TABLE;
  if (invokeFunction && table) return { kind: 'remote', invokeFunction, table, region };
  const stack = opts.stack ?? env.HOLDFAST_STACK;
  if (stack || invokeFunction || table) {
    const found = await fromStack(stack ?? DEFAULT_STACK, region, true);
    const mode = found as Extract<Mode, { kind: 'remote' }>;
    return { ...mode, invokeFunction: invokeFunction ?? mode.invokeFunction, table: table ?? mode.table };
  }
  if (awsConfigured(env)) return (await fromStack(DEFAULT_STACK, region, false)) ?? { kind: 'local', target };
  return { kind: 'local', target };
}

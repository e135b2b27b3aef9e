/**
 * The `holdfast` command. Each subcommand lives in cli/commands/; this file only declares flags and maps every
 * failure to one line on stderr and a stable exit code (see errors.ts) — never a stack trace. Bigger than most
 * files here because it is the one place every flag is declared.
 */
import { Command, CommanderError, Option } from 'commander';
import { backupCommand } from './commands/backup.js';
import { policiesLintCommand } from './commands/policies.js';
import { renderCommand } from './commands/render.js';
import { restoreCommand } from './commands/restore.js';
import { restorePointsListCommand, restorePointsShowCommand } from './commands/restore-points.js';
import { runActionSetCommand } from './commands/run-actionset.js';
import { runsListCommand, runsShowCommand } from './commands/runs.js';
import { sandboxCommand } from './commands/sandbox.js';
import { schemaCommand } from './commands/schema.js';
import { templateCommand } from './commands/template.js';
import { validateCommand } from './commands/validate.js';
import { CliError, ExitCode } from './errors.js';
import { type Io, parseOutputFormat, processIo } from './output.js';

const collect = (value: string, previous: string[]) => [...previous, value];
const outputOption = () =>
  new Option('-o, --output <format>', 'text or json').default('text').argParser(parseOutputFormat);

/** Where a command runs: a deployed stack (remote) or this machine (local, the default when nothing is deployed). */
function modeOptions(cmd: Command): Command {
  return cmd
    .option('--local', 'run here on the embedded stores (.holdfast/), against the kubeconfig cluster and AWS account')
    .option('--sandbox', 'local mode against the local Kubernetes and RDS API servers instead')
    .option('--stack <name>', 'remote: the deployment name whose stacks to use (default holdfast)')
    .option('--invoke-function <name>', 'remote: the invoke function (name or ARN), instead of reading the stack')
    .option('--table <name>', 'remote: the runs and restore points table, instead of reading the stack')
    .option('--region <region>', 'AWS region (default: the SDK default)')
    .option('--kubeconfig <file>', 'local: kubeconfig file (default $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'local: kubeconfig context (default: one named as the policy cluster, else current)')
    .option(
      '-c, --config <path>',
      'local: policies and blueprints (files or dirs; default policies/ blueprints/)',
      collect,
      [],
    )
    .option('-v, --verbose', 'log what runs do (JSON lines on stderr)', false)
    .addOption(outputOption());
}

function renderCommandDecl(program: Command, io: Io, setExit: (code: ExitCode) => void): void {
  program
    .command('render')
    .description('dry-run a blueprint action, or a whole policy backup (--policy): args and API calls, Secrets masked')
    .option('-b, --blueprint <file>', 'Blueprint YAML')
    .option('-a, --action <name>', 'action to render, e.g. backup')
    .option(
      '--object <file>',
      'the object the action runs on; with --policy: objects to select subjects from',
      collect,
      [],
    )
    .option('--policy <file>', 'Policy YAML: dry-run a whole backup of one of its subjects')
    .option('--subject <id>', 'with --policy: the subject <cluster>/<namespace>/<kind>/<name> (default: the first)')
    .option('-c, --config <path>', 'with --policy: blueprints (files or dirs; default blueprints/)', collect, [])
    .option('--option <key=value>', 'ActionSet option (.Options.key); repeatable', collect, [])
    .option(
      '--secret <alias=file>',
      'Secret YAML as .Secrets.alias, also used for phase objects; repeatable',
      collect,
      [],
    )
    .option('--configmap <alias=file>', 'ConfigMap YAML as .ConfigMaps.alias; repeatable', collect, [])
    .option(
      '--artifact <name.key=value>',
      'input artifact value (.ArtifactsIn.name.KeyValue.key); repeatable',
      collect,
      [],
    )
    .option('--time <rfc3339>', 'the run time (.Time); default now')
    .addOption(outputOption())
    .action(async (opts) => setExit(await renderCommand(opts, io)));
}

function runCommandsDecl(program: Command, io: Io, setExit: (code: ExitCode) => void): void {
  modeOptions(
    program
      .command('backup')
      .description('back up now: a policy (all its subjects, or --subject), or a blueprint on an object (local)')
      .option('-p, --policy <name|file>', 'the policy to run')
      .option('--subject <id>', 'only this subject of the policy')
      .option('-b, --blueprint <name|file>', 'a blueprint whose hooks and backup action to run on --object')
      .option('--object <file>', 'the object (Deployment, StatefulSet, …) to back up with --blueprint')
      .option('--cluster <name>', 'with --blueprint: the cluster name the restore point is filed under')
      .option('--option <key=value>', 'with --blueprint: ActionSet option (.Options.key); repeatable', collect, [])
      .option('--no-wait', 'remote: return once the runs started'),
  ).action(async (opts) => setExit(await backupCommand(opts, io)));

  modeOptions(
    program
      .command('restore')
      .description('restore a restore point, in place or into another namespace or DB instance')
      .argument('<restore-point>', 'the restore point id (see holdfast restore-points list)')
      .option('--app <subject>', 'the app it belongs to (<cluster>/<namespace>/<kind>/<name>); found when omitted')
      .option('--namespace <ns>', 'restore Kubernetes objects and the blueprint restore into this namespace')
      .option('--instance <id>', 'restore the RDS instance (or Aurora cluster) under this identifier')
      .option('--from-region <region>', "restore from the snapshot's copy in this region")
      .option('--no-wait', 'remote: return once the run started'),
  ).action(async (id: string, opts) => setExit(await restoreCommand(id, opts, io)));

  modeOptions(
    program
      .command('run')
      .description('run a Kanister ActionSet (local mode) and print it with its status, as Kanister reports it')
      .argument('<actionset>', 'ActionSet YAML')
      .option('-b, --blueprint <file>', 'a blueprint file to use besides the configuration')
      .option('--cluster <name>', 'the cluster name (a kubeconfig context of that name is used when there is one)'),
  ).action(async (file: string, opts) => setExit(await runActionSetCommand(file, opts, io)));
}

function listCommandsDecl(program: Command, io: Io, setExit: (code: ExitCode) => void): void {
  const points = program.command('restore-points').description('list and show restore points');
  modeOptions(
    points
      .command('list')
      .description('restore points, newest first')
      .option('--app <subject>', 'of this app (<cluster>/<namespace>/<kind>/<name>)')
      .option('-p, --policy <name>', 'of this policy')
      .option('--since <time>', 'created at or after this time')
      .option('--until <time>', 'created at or before this time')
      .option('--limit <n>', 'at most this many', '50'),
  ).action(async (opts) => setExit(await restorePointsListCommand(opts, io)));
  modeOptions(
    points
      .command('show')
      .description('one restore point with its artifacts')
      .argument('<id>', 'the restore point id')
      .option('--app <subject>', 'the app it belongs to; found when omitted'),
  ).action(async (id: string, opts) => setExit(await restorePointsShowCommand(id, opts, io)));

  const runs = program.command('runs').description('list runs, show one, follow its progress');
  modeOptions(
    runs
      .command('list')
      .description('runs, newest first')
      .option('--state <state>', 'pending, running, succeeded, failed or cancelled')
      .option('--limit <n>', 'at most this many', '50'),
  ).action(async (opts) => setExit(await runsListCommand(opts, io)));
  modeOptions(
    runs
      .command('show')
      .description('one run with its stages and phases')
      .argument('<run-id>', 'the run id')
      .option('-f, --follow', 'keep showing progress until the run ends', false),
  ).action(async (id: string, opts) => setExit(await runsShowCommand(id, opts, io)));
}

function toolCommandsDecl(program: Command, io: Io, setExit: (code: ExitCode) => void): void {
  program
    .command('validate')
    .description('validate Kanister Blueprints and ActionSets (files or directories)')
    .argument('<paths...>', 'YAML files or directories')
    .option('--strict', "also refuse what Kanister's validating webhook refuses but runs fine", false)
    .addOption(outputOption())
    .action(async (paths: string[], opts) => setExit(await validateCommand(paths, opts, io)));

  program
    .command('policies')
    .description('work with policies')
    .command('lint')
    .description('check policies (files or directories): every finding as file:line')
    .argument('<paths...>', 'YAML files or directories')
    .option('-c, --config <path>', 'blueprints the policies may name (default blueprints/)', collect, [])
    .addOption(outputOption())
    .action(async (paths: string[], opts) =>
      setExit(
        await policiesLintCommand(paths, { ...opts, config: opts.config.length ? opts.config : ['blueprints'] }, io),
      ),
    );

  program
    .command('schema')
    .description('print the JSON Schema of Blueprints and Policies, for editors')
    .argument('[kind]', 'blueprint or policy (default: both)')
    .addOption(outputOption())
    .action((kind: string | undefined) => setExit(schemaCommand(kind, io)));

  program
    .command('template')
    .description('render one template against TemplateParams JSON (Go field names), for blueprint authors')
    .argument('[template]', 'the template text (or use --file)')
    .option('-p, --params <file>', 'TemplateParams JSON, e.g. {"Options":{"a":"b"}}; Secret Data values in base64')
    .option('-f, --file <file>', 'read the template from a file')
    .addOption(outputOption())
    .action(async (text: string | undefined, opts) => setExit(await templateCommand(text, opts, io)));

  program
    .command('sandbox')
    .description('keep the sandbox (local Kubernetes and RDS APIs, embedded stores) up until Ctrl-C')
    .addOption(outputOption())
    .action(async (opts) => setExit(await sandboxCommand(opts, io)));
}

export function buildProgram(io: Io, setExit: (code: ExitCode) => void): Command {
  const program = new Command('holdfast')
    .description(
      'Application-consistent backups for apps spanning Kubernetes and AWS, from unchanged Kanister blueprints',
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  toolCommandsDecl(program, io, setExit);
  renderCommandDecl(program, io, setExit);
  runCommandsDecl(program, io, setExit);
  listCommandsDecl(program, io, setExit);
  return program;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<ExitCode> {
  let code: ExitCode = ExitCode.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its message (help, unknown option, missing argument).
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.invalidInput;
    }
    if (err instanceof CliError) {
      io.stderr(`holdfast: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr(`holdfast: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    io.stderr('holdfast: this is a bug; please report it with the command you ran\n');
    return ExitCode.failed;
  }
  return code;
}

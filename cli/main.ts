/**
 * The `holdfast` command. Each subcommand lives in cli/commands/; this file only declares flags and maps every
 * failure to one line on stderr and a stable exit code (see errors.ts) — never a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import { renderCommand } from './commands/render.js';
import { templateCommand } from './commands/template.js';
import { validateCommand } from './commands/validate.js';
import { CliError, ExitCode } from './errors.js';
import { type Io, parseOutputFormat, processIo } from './output.js';

const collect = (value: string, previous: string[]) => [...previous, value];
const outputOption = () =>
  new Option('-o, --output <format>', 'text or json').default('text').argParser(parseOutputFormat);

export function buildProgram(io: Io, setExit: (code: ExitCode) => void): Command {
  const program = new Command('holdfast')
    .description(
      'Application-consistent backups for apps spanning Kubernetes and AWS, from unchanged Kanister blueprints',
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('validate')
    .description('validate Kanister Blueprints and ActionSets (files or directories)')
    .argument('<paths...>', 'YAML files or directories')
    .option('--strict', "also refuse what Kanister's validating webhook refuses but runs fine", false)
    .addOption(outputOption())
    .action(async (paths: string[], opts) => setExit(await validateCommand(paths, opts, io)));

  program
    .command('render')
    .description('dry-run one blueprint action: every phase with its rendered args, Secret values masked')
    .requiredOption('-b, --blueprint <file>', 'Blueprint YAML')
    .requiredOption('-a, --action <name>', 'action to render, e.g. backup')
    .requiredOption('--object <file>', 'the object the action runs on (Deployment, StatefulSet, ConfigMap, …) as YAML')
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

  program
    .command('template')
    .description('render one template against TemplateParams JSON (Go field names), for blueprint authors')
    .argument('[template]', 'the template text (or use --file)')
    .option('-p, --params <file>', 'TemplateParams JSON, e.g. {"Options":{"a":"b"}}; Secret Data values in base64')
    .option('-f, --file <file>', 'read the template from a file')
    .addOption(outputOption())
    .action(async (text: string | undefined, opts) => setExit(await templateCommand(text, opts, io)));

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

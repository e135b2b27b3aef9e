/**
 * `holdfast template`: render one template against TemplateParams JSON, for blueprint authors. The rendered text
 * goes to stdout exactly (no newline added); a render error goes to stderr with exit code 1.
 */
import { renderStandalone } from '../../shared/engine/renderer.js';
import { CliError, ExitCode } from '../errors.js';
import { readText } from '../files.js';
import { type Io, type OutputFormat, printJson } from '../output.js';

export interface TemplateOptions {
  readonly params?: string;
  readonly file?: string;
  readonly output: OutputFormat;
}

export async function templateCommand(text: string | undefined, opts: TemplateOptions, io: Io): Promise<ExitCode> {
  if ((text === undefined) === (opts.file === undefined)) {
    throw new CliError('give the template either as an argument or with --file F (exactly one)');
  }
  const template = text ?? (await readText(opts.file as string));
  const paramsText = opts.params ? await readText(opts.params) : '{}';
  const result = renderStandalone(template, paramsText, opts.params ?? '(no --params)');
  if (opts.output === 'json') {
    printJson(io, result.ok ? { output: result.output } : { error: result.error });
  } else if (result.ok) {
    io.stdout(result.output);
  } else {
    io.stderr(`${result.error}\n`);
  }
  return result.ok ? ExitCode.ok : ExitCode.failed;
}

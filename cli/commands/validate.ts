/**
 * `holdfast validate <file|dir>...`: Kanister's blueprint validation plus Holdfast's, for Blueprints and ActionSets.
 */
import { type Diagnostic, formatDiagnostic, hasErrors } from '../../shared/blueprint/diagnostics.js';
import { loadKanisterDocuments } from '../../shared/blueprint/load.js';
import { validateBlueprint } from '../../shared/blueprint/validate.js';
import { validationPorts } from '../../shared/engine/validation-ports.js';
import { ExitCode } from '../errors.js';
import { expandYamlPaths, readText } from '../files.js';
import { type Io, type OutputFormat, printJson } from '../output.js';

export interface ValidateOptions {
  readonly strict: boolean;
  readonly output: OutputFormat;
}

interface DocumentReport {
  file: string;
  kind: 'Blueprint' | 'ActionSet';
  name: string;
  line: number;
  valid: boolean;
}

export async function validateCommand(paths: readonly string[], opts: ValidateOptions, io: Io): Promise<ExitCode> {
  const files = await expandYamlPaths(paths);
  const ports = validationPorts();
  const diagnostics: Diagnostic[] = [];
  const documents: DocumentReport[] = [];
  for (const file of files) {
    const loaded = loadKanisterDocuments(await readText(file), file);
    diagnostics.push(...loaded.diagnostics);
    for (const bp of loaded.blueprints) {
      const found = validateBlueprint(bp, ports, { strict: opts.strict });
      diagnostics.push(...found);
      documents.push(report(file, 'Blueprint', bp.value.metadata.name, bp.source.locate([]).line, found));
    }
    for (const as of loaded.actionSets) {
      const name = as.value.metadata.name ?? as.value.metadata.generateName ?? '(unnamed)';
      documents.push(report(file, 'ActionSet', name, as.source.locate([]).line, []));
    }
  }
  const failed = hasErrors(diagnostics);
  if (opts.output === 'json') {
    printJson(io, { valid: !failed, documents, diagnostics });
  } else {
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    for (const doc of documents) {
      io.stdout(`${doc.valid ? 'ok     ' : 'INVALID'} ${doc.file}:${doc.line} ${doc.kind} ${doc.name}\n`);
    }
    const bad = files.filter((f) => diagnostics.some((d) => d.file === f && d.severity === 'error')).length;
    io.stdout(`${files.length - bad} of ${files.length} files valid\n`);
  }
  return failed ? ExitCode.invalidInput : ExitCode.ok;
}

function report(file: string, kind: DocumentReport['kind'], name: string, line: number, found: Diagnostic[]) {
  return { file, kind, name, line, valid: !hasErrors(found) };
}

/**
 * `holdfast schema [blueprint|policy]`: the JSON Schemas Holdfast validates against, for editors
 * (yaml-language-server) and tools. Always JSON.
 */
import { blueprintJsonSchema } from '../../shared/blueprint/json-schema.js';
import { policyJsonSchema } from '../../shared/policy/json-schema.js';
import { CliError, ExitCode } from '../errors.js';
import { type Io, printJson } from '../output.js';

export function schemaCommand(kind: string | undefined, io: Io): ExitCode {
  if (kind === 'blueprint') printJson(io, blueprintJsonSchema());
  else if (kind === 'policy') printJson(io, policyJsonSchema());
  else if (kind === undefined) printJson(io, { blueprint: blueprintJsonSchema(), policy: policyJsonSchema() });
  else throw new CliError(`schema ${kind}: expected blueprint or policy (or nothing for both)`);
  return ExitCode.ok;
}

/**
 * Validation wired to the real registry and the real template parser.
 */

import { parseTemplate, TemplateError } from '../blueprint/template/render.js';
import type { ValidationPorts } from '../blueprint/validate.js';
import { functionRegistry } from '../functions/registry.js';
import { acceptedArgNames, requiredArgNames } from '../functions/types.js';
import { kanisterFuncs } from './kanister-funcs.js';

let ports: ValidationPorts | undefined;

export function validationPorts(): ValidationPorts {
  ports ??= {
    functionFacts(name) {
      const spec = functionRegistry.get(name);
      return spec && { required: requiredArgNames(spec), accepted: acceptedArgNames(spec) };
    },
    rejection: (name) => functionRegistry.rejection(name),
    functionNames: () => functionRegistry.list().map((s) => s.name),
    templateParseError(text) {
      try {
        parseTemplate(text, kanisterFuncs());
        return undefined;
      } catch (err) {
        if (err instanceof TemplateError) return err.goMessage;
        throw err;
      }
    },
  };
  return ports;
}

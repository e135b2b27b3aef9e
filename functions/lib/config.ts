/**
 * Policies and blueprints bundled beside the function by the stack (only the handlers that read them import this:
 * it brings the validator and so the whole function registry into the bundle).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { validationPorts } from '../../shared/engine/validation-ports.js';
import { ConfigSource } from '../../shared/runtime/config-sources.js';
import { directoryYamlFiles } from '../../shared/runtime/yaml-files.js';
import { env } from './env.js';
import { portLogger } from './log.js';

export function configSource(logger: Logger): ConfigSource {
  return new ConfigSource(
    directoryYamlFiles([env('HOLDFAST_POLICIES_DIR'), env('HOLDFAST_BLUEPRINTS_DIR')]),
    validationPorts(),
    portLogger(logger),
  );
}

/**
 * Policies and blueprints bundled beside the function by the stack (only the handlers that read them import this:
 * it brings the validator and so the whole function registry into the bundle).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { validationPorts } from '../../shared/engine/validation-ports.js';
import { ConfigSource } from '../../shared/runtime/config-sources.js';
import { directoryYamlFiles } from '../../shared/runtime/yaml-files.js';
import { ConfigurationError, optionalEnv } from './env.js';
import { portLogger } from './log.js';

/** The folders this function was given (the stack bundles policies and/or blueprints per function's needs). */
export function configSource(logger: Logger): ConfigSource {
  const dirs = [optionalEnv('HOLDFAST_POLICIES_DIR'), optionalEnv('HOLDFAST_BLUEPRINTS_DIR')].filter(
    (d): d is string => d !== undefined,
  );
  if (dirs.length === 0) {
    throw new ConfigurationError(
      'neither HOLDFAST_POLICIES_DIR nor HOLDFAST_BLUEPRINTS_DIR is set: redeploy the stack',
    );
  }
  return new ConfigSource(directoryYamlFiles(dirs), validationPorts(), portLogger(logger));
}

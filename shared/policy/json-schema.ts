/**
 * The Policy JSON Schema, derived from the zod schema (one schema per fact), for editors (yaml-language-server) and
 * the CLI's `schema` command. It describes what a person writes: defaults are optional, as in YAML. Cross-field rules
 * (policy-rules.ts) and grammar checks (cron, event patterns) are only enforced by `holdfast validate`.
 */
import { z } from 'zod';
import { policySchema } from './schema.js';

export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'Holdfast Policy (holdfast.io/v1alpha1)',
    description: 'What to back up, when, how long to keep it and whom to tell. Validate with `holdfast validate`.',
  };
}

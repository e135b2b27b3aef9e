/**
 * The Kanister Blueprint JSON Schema as Holdfast reads blueprints, derived from the zod schema, for editors and the
 * CLI's `schema` command. Stricter than Kanister's CRD: unknown fields are errors (see schema.ts for why).
 */
import { z } from 'zod';
import { blueprintSchema } from './schema.js';

export function blueprintJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(blueprintSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'Kanister Blueprint (cr.kanister.io/v1alpha1) as Holdfast validates it',
    description: 'Actions of phases; each phase names a registered function and its args. Args may be Go templates.',
  };
}

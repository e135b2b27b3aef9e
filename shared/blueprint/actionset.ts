/**
 * Kanister's ActionSet (`cr.kanister.io/v1alpha1`): how users already ask for a blueprint action to run.
 * `holdfast run ACTIONSET.yaml` accepts these unchanged.
 */
import { z } from 'zod';
import { artifactSchema, objectReferenceSchema } from './schema.js';

export const actionSpecSchema = z.strictObject({
  name: z.string().min(1, 'the action to run, e.g. backup'),
  object: objectReferenceSchema,
  blueprint: z.string().min(1, 'the Blueprint to run the action of'),
  artifacts: z.record(z.string(), artifactSchema).optional(),
  configMaps: z.record(z.string(), objectReferenceSchema).optional(),
  secrets: z.record(z.string(), objectReferenceSchema).optional(),
  profile: objectReferenceSchema.optional(),
  repositoryServer: objectReferenceSchema.optional(),
  podOverride: z.record(z.string(), z.unknown()).optional(),
  podLabels: z.record(z.string(), z.string()).optional(),
  podAnnotations: z.record(z.string(), z.string()).optional(),
  options: z.record(z.string(), z.string()).optional(),
  preferredVersion: z.string().optional(),
});
export type ActionSpec = z.infer<typeof actionSpecSchema>;

export const actionSetSchema = z.strictObject({
  apiVersion: z.literal('cr.kanister.io/v1alpha1', { error: 'apiVersion must be cr.kanister.io/v1alpha1' }),
  kind: z.literal('ActionSet'),
  metadata: z.looseObject({
    name: z.string().optional(),
    generateName: z.string().optional(),
    namespace: z.string().optional(),
  }),
  spec: z.strictObject({ actions: z.array(actionSpecSchema).min(1, 'an ActionSet needs at least one action') }),
  status: z.unknown().optional(),
});
export type ActionSet = z.infer<typeof actionSetSchema>;

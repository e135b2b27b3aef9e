// The workload spec fields the controllers act on (admission has already defaulted them).

import { z } from 'zod';
import { labelSelectorObjectSchema } from '../selectors.js';

const templateSchema = z.looseObject({
  metadata: z.looseObject({ labels: z.record(z.string(), z.string()).optional() }).optional(),
  spec: z.record(z.string(), z.unknown()),
});

export const replicaSetSpecSchema = z.looseObject({
  replicas: z.number().int().default(1),
  selector: labelSelectorObjectSchema,
  template: templateSchema,
});

export const deploymentSpecSchema = replicaSetSpecSchema;

export const statefulSetSpecSchema = replicaSetSpecSchema.extend({
  serviceName: z.string().optional(),
  podManagementPolicy: z.enum(['OrderedReady', 'Parallel']).default('OrderedReady'),
  volumeClaimTemplates: z
    .array(z.looseObject({ metadata: z.looseObject({ name: z.string() }), spec: z.record(z.string(), z.unknown()) }))
    .optional(),
});

export const jobSpecSchema = z.looseObject({
  parallelism: z.number().int().default(1),
  completions: z.number().int().default(1),
  backoffLimit: z.number().int().default(6),
  suspend: z.boolean().default(false),
  template: templateSchema,
});

export type TemplateSpec = z.infer<typeof templateSchema>;

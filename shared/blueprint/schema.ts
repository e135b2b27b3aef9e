/**
 * The Kanister Blueprint model (`cr.kanister.io/v1alpha1`), field names verbatim, as zod schemas.
 *
 * Kanister decodes blueprints leniently (unknown fields are dropped by the Kubernetes API server); we reject unknown
 * fields instead, because a misspelt `deferPhase` silently never runs — the worst failure a backup tool can have.
 */
import { z } from 'zod';

const name = z.string().min(1, 'must not be empty');

/** crv1alpha1.ObjectReference: what a phase's `objects:` entries and an ActionSet's `object` name. */
export const objectReferenceSchema = z.strictObject({
  apiVersion: z.string().optional(),
  group: z.string().optional(),
  resource: z.string().optional(),
  kind: z.string().optional(),
  name: name.describe('Name of the object; may be a template'),
  namespace: z.string().optional(),
});
export type ObjectReference = z.infer<typeof objectReferenceSchema>;

/** crv1alpha1.Artifact as a blueprint declares it in `outputArtifacts`. */
export const artifactSchema = z.strictObject({
  keyValue: z.record(z.string(), z.string()).optional(),
  kopiaSnapshot: z.string().optional(),
});
export type Artifact = z.infer<typeof artifactSchema>;

/**
 * Arg values stay as written in YAML (strings, numbers, booleans, lists, maps); only strings are templates.
 * Kanister renders map keys too, so keys are kept as strings.
 */
export type ArgValue = string | number | boolean | null | ArgValue[] | { [key: string]: ArgValue };
export const argValueSchema: z.ZodType<ArgValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(argValueSchema),
    z.record(z.string(), argValueSchema),
  ]),
);

export const phaseSchema = z.strictObject({
  func: name.describe('Registered function, e.g. KubeExec'),
  // Kanister accepts a phase without a name (one of its own examples has one); it is then the phase "".
  name: z.string().describe('Phase name, unique within the blueprint; outputs land in .Phases.<name>').default(''),
  objects: z.record(z.string(), objectReferenceSchema).optional(),
  args: z.record(z.string(), argValueSchema).optional(),
});
export type Phase = z.infer<typeof phaseSchema>;

export const actionSchema = z.strictObject({
  name: z.string().optional(),
  kind: z.string().optional(),
  configMapNames: z.array(z.string()).optional(),
  secretNames: z.array(z.string()).optional(),
  inputArtifactNames: z.array(z.string()).optional(),
  outputArtifacts: z.record(z.string(), artifactSchema).optional(),
  phases: z.array(phaseSchema).optional(),
  deferPhase: phaseSchema.optional(),
});
export type Action = z.infer<typeof actionSchema>;

export const blueprintSchema = z.strictObject({
  apiVersion: z.literal('cr.kanister.io/v1alpha1', {
    error: 'apiVersion must be cr.kanister.io/v1alpha1 (a Kanister Blueprint)',
  }),
  kind: z.literal('Blueprint', { error: 'kind must be Blueprint' }),
  metadata: z.looseObject({
    name: name.describe('Blueprint name, referenced by the kanister.kasten.io/blueprint annotation'),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  actions: z.record(z.string(), actionSchema),
});
export type Blueprint = z.infer<typeof blueprintSchema>;

/** Action names Kasten gives meaning to; other names are allowed (Kanister runs any named action). */
export const reservedActionNames = ['backup', 'restore', 'delete', 'backupPrehook', 'backupPosthook'] as const;

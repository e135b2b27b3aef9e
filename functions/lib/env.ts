/**
 * The environment the stack gives each function (infra/handlers.ts lists which), validated once per container with
 * messages that say what to fix. Values are read lazily: a function only needs the variables it uses.
 */
import { z } from 'zod';

const json = <T extends z.ZodType>(schema: T) =>
  z.string().transform((s, ctx) => {
    try {
      return schema.parse(JSON.parse(s)) as z.output<T>;
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not the expected JSON: ${err instanceof Error ? err.message : err}` });
      return z.NEVER;
    }
  });

const clusters = z.array(
  z.looseObject({
    name: z.string(),
    region: z.string(),
    namespaces: z.array(z.string()).optional(),
    /** A cluster reached by URL instead of EKS (self-managed, or a local API server in tests). */
    server: z.string().url().optional(),
    /** Base64 PEM CA of `server`. */
    caData: z.string().optional(),
  }),
);
const locations = z.record(
  z.string(),
  z.looseObject({ bucket: z.string(), prefix: z.string().default(''), region: z.string() }),
);
const destinations = z.array(z.looseObject({ region: z.string(), kmsKeyId: z.string() }));

const variables = {
  HOLDFAST_TABLE_NAME: z.string().min(1),
  HOLDFAST_EVENT_BUS_NAME: z.string().min(1),
  HOLDFAST_BUCKET_NAME: z.string().min(1),
  HOLDFAST_KMS_KEY_ARN: z.string().min(1),
  HOLDFAST_LOCATIONS: json(locations),
  HOLDFAST_CLUSTERS: json(clusters),
  HOLDFAST_DESTINATIONS: json(destinations),
  HOLDFAST_RDS_EXPORT_ROLE_ARN: z.string().min(1),
  HOLDFAST_POLICIES_DIR: z.string().min(1),
  HOLDFAST_BLUEPRINTS_DIR: z.string().min(1),
  HOLDFAST_BACKUP_RUN_FUNCTION: z.string().min(1),
  HOLDFAST_RESTORE_RUN_FUNCTION: z.string().min(1),
  HOLDFAST_DELETE_RUN_FUNCTION: z.string().min(1),
  /** `true` for S3-compatible stores that need path-style addressing (MinIO, s3rver). */
  HOLDFAST_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  AWS_REGION: z.string().min(1),
} as const;
type Variables = typeof variables;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

const cache = new Map<string, unknown>();

/** The validated value of one variable; throws ConfigurationError naming it and what to do. */
export function env<K extends keyof Variables>(
  name: K,
  source: NodeJS.ProcessEnv = process.env,
): z.output<Variables[K]> {
  if (source === process.env && cache.has(name)) return cache.get(name) as z.output<Variables[K]>;
  const r = variables[name].safeParse(source[name]);
  if (!r.success) {
    const why = source[name] === undefined ? 'is not set' : r.error.issues.map((i) => i.message).join('; ');
    throw new ConfigurationError(
      `${name} ${why}: the stack sets it for this function; redeploy with npx cdk deploy --all`,
    );
  }
  if (source === process.env) cache.set(name, r.data);
  return r.data as z.output<Variables[K]>;
}

/** The validated value of a variable the function may or may not be given (e.g. a bundled folder). */
export function optionalEnv<K extends keyof Variables>(
  name: K,
  source: NodeJS.ProcessEnv = process.env,
): z.output<Variables[K]> | undefined {
  return source[name] === undefined ? undefined : env(name, source);
}

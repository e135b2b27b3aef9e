/**
 * Arg types shared by the RDS functions: the `dbEngine` Kanister uses to tell Aurora clusters from instances,
 * and the AWS identifiers Holdfast's own RDS functions take (checked for shape, so a typo fails at validation
 * rather than as an AWS error halfway through a run).
 */
import type { z } from 'zod';
import { goArg, goEnum, goString } from './arg-schemas.js';
import { decodeString, WeakDecodeError } from './weak-decode.js';

/** Kanister's `isAuroraCluster` set: these engines mean a DB cluster (snapshot), anything else an instance. */
export const AURORA_ENGINES = ['aurora', 'aurora-mysql', 'aurora-postgresql'] as const;

export const isAuroraEngine = (engine: string | undefined): boolean =>
  AURORA_ENGINES.some((aurora) => aurora === engine);

/** `dbEngine`: free text in Kanister; only the Aurora values change behaviour (cluster instead of instance). */
export const dbEngineArg = () => goString(`the DB engine (${AURORA_ENGINES.join(', ')} for Aurora clusters)`);

/**
 * Where Kanister's RDS functions take AWS credentials from (`pkg/function/rds_utils.go`, used by the blueprints
 * of kanister/examples/aws-rds): `profile` (default: the location), `secret` (a Secret among the phase's
 * `objects`, named by `credentialsSecret`) or `eks_service_account`. `region` overrides the location's region.
 */
export const rdsCredentialArgs = () => ({
  credentialsSource: goEnum('where AWS credentials come from', ['profile', 'secret', 'eks_service_account']).default(
    'profile',
  ),
  /** The phase `objects` name of the Secret holding the keys, with credentialsSource secret. */
  credentialsSecret: goString('the phase object name of the AWS credentials Secret').optional(),
  /** Default: the location's region; "" also means the default. */
  region: goString('the AWS region').optional(),
});

/** Kanister's `parseCredentialsSource` rule: `secret` needs a `credentialsSecret`. */
export function checkRdsCredentials(
  value: { readonly credentialsSource: string; readonly credentialsSecret?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.credentialsSource === 'secret' && !value.credentialsSecret) {
    ctx.addIssue({
      code: 'custom',
      path: ['credentialsSecret'],
      message: 'credentialsSource is secret, so name the Secret (a phase object) in credentialsSecret',
    });
  }
}

/** A string arg that must match `pattern`; `hint` completes "… is not <hint>". */
export const matching = (what: string, pattern: RegExp, hint: string) =>
  goArg(`${what} (string)`, (value) => {
    const text = decodeString(value);
    if (!pattern.test(text)) throw new WeakDecodeError(`${JSON.stringify(text)} is not ${hint}`);
    return text;
  });

export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const awsRegionArg = (what: string) => matching(what, REGION, 'an AWS region such as eu-west-1');

export const KMS_KEY =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+|alias\/.+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/;
export const kmsKeyArg = (what: string) => matching(what, KMS_KEY, 'a KMS key id, alias/<name> or key ARN');

/** The region inside an ARN (`arn:partition:service:region:account:resource`), if it is one. */
export const arnRegion = (value: string | undefined): string | undefined =>
  value?.startsWith('arn:') ? value.split(':')[3] : undefined;

// RDS identifiers: a letter, then letters, digits and single hyphens, at most 255, not ending in a hyphen.
const RDS_IDENTIFIER = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}$/;
export const rdsIdentifierArg = (what: string) =>
  goArg(`${what} (string)`, (value) => {
    const text = decodeString(value);
    if (!RDS_IDENTIFIER.test(text) || text.endsWith('-')) {
      throw new WeakDecodeError(
        `${JSON.stringify(text)} is not an RDS identifier (a letter, then letters, digits and single hyphens)`,
      );
    }
    return text;
  });

export const RDS_SNAPSHOT_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(snapshot|cluster-snapshot):.+$/;
export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
export const ACCOUNT_ID = /^\d{12}$/;
export const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The naming rules of the AWS and Kubernetes things a policy names (regions, KMS keys, IAM roles, buckets, policy
 * names), each stated once with the message that tells a person what to write instead.
 */

/** A rule: the pattern plus what to tell someone whose value does not match it. */
export interface NameRule {
  readonly pattern: RegExp;
  readonly message: string;
}

/**
 * A policy name ends up inside EventBridge Scheduler schedule names (`[0-9a-zA-Z-_.]`, ≤ 64) and Lambda durable
 * execution names (`[a-zA-Z0-9-_]`, ≤ 64) next to a subject hash and a time, and in Kubernetes labels: so it is a
 * DNS label of at most 32 characters.
 */
export const policyNameRule: NameRule = {
  pattern: /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/,
  message:
    'must be 1–32 characters of lowercase letters, digits and "-", start with a letter and end with a letter or ' +
    'digit (it becomes part of EventBridge Scheduler schedule names and Lambda durable execution names)',
};

/** Names of schedules and event triggers inside a policy: the same alphabet, shorter. */
export const triggerNameRule: NameRule = {
  pattern: /^[a-z]([a-z0-9-]{0,22}[a-z0-9])?$/,
  message:
    'must be 1–24 characters of lowercase letters, digits and "-", starting with a letter and ending with a ' +
    'letter or digit (it is appended to the policy name in EventBridge schedule and rule names)',
};

/** EKS cluster names; `/` would break subject ids `<cluster>/<ns>/<kind>/<name>`. */
export const clusterNameRule: NameRule = {
  pattern: /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/,
  message: 'must be an EKS cluster name: 1–100 letters, digits, "-" and "_", starting with a letter or digit',
};

/** Kubernetes DNS-1123 label: namespaces. */
export const namespaceRule: NameRule = {
  pattern: /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
  message: 'must be a Kubernetes namespace name: lowercase letters, digits and "-", at most 63 characters',
};

/** Kubernetes DNS-1123 subdomain: object names (workloads, ConfigMaps). */
export const objectNameRule: NameRule = {
  pattern: /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/,
  message: 'must be a Kubernetes object name: lowercase letters, digits, "-" and ".", at most 253 characters',
};

/** Kubernetes label keys: optional DNS prefix, then a name. */
export const labelKeyRule: NameRule = {
  pattern: /^([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/,
  message: 'must be a Kubernetes label key such as app or app.kubernetes.io/name',
};

export const labelValueRule: NameRule = {
  pattern: /^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/,
  message: 'must be a Kubernetes label value: at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends',
};

export const regionRule: NameRule = {
  pattern: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/,
  message: 'must be an AWS region code such as us-west-2 or eu-central-1',
};

/** RDS DB instance / cluster identifiers. */
export const rdsIdentifierRule: NameRule = {
  pattern: /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,61}[A-Za-z0-9]$|^[A-Za-z]$/,
  message:
    'must be an RDS identifier: 1–63 letters, digits and "-", starting with a letter, without "--" or a trailing "-"',
};

export const bucketNameRule: NameRule = {
  pattern: /^(?!\d+\.\d+\.\d+\.\d+$)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  message: 'must be an S3 bucket name: 3–63 lowercase letters, digits, "." and "-", alphanumeric at both ends',
};

export const iamRoleArnRule: NameRule = {
  pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
  message: 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/holdfast-export',
};

/** Secrets Manager names and ARNs, and SSM parameter names (which start with "/"). */
export const secretNameRule: NameRule = {
  pattern: /^[A-Za-z0-9/_+=.@:-]{1,2048}$/,
  message:
    'must be a Secrets Manager secret name or ARN, or an SSM parameter name starting with "/" ' +
    '(letters, digits and /_+=.@:-)',
};

export interface KmsKeyArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Cross-region copies need the key in the destination region, so a key is named by ARN (key or alias). */
export function parseKmsKeyArn(arn: string): KmsKeyArn | undefined {
  const m = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):((key\/[A-Za-z0-9-]+)|(alias\/[A-Za-z0-9/_-]+))$/.exec(arn);
  if (!m?.[1] || !m[2] || !m[3] || !m[4]) return undefined;
  return { partition: m[1], region: m[2], account: m[3], resource: m[4] };
}

export const kmsKeyArnMessage =
  'must be a KMS key or alias ARN such as arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

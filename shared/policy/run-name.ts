/**
 * The durable execution name of a policy run: the idempotency key DESIGN.md §3 spells `<policy>/<subject>/<scheduled
 * time>`. Lambda only accepts `[a-zA-Z0-9-_]{1,64}` there, so the subject id (which holds "/" and may be long) is
 * hashed; the policy name (≤ 32 characters, see aws-names.ts) and the minute stay readable.
 */
import { createHash } from 'node:crypto';

const SUBJECT_HASH_LENGTH = 16;

/** `<policy>-<yyyyMMddHHmm>-<16 hex of sha256(subject id)>`, at most 62 characters. */
export function runExecutionName(policyName: string, subjectId: string, scheduledTime: Date): string {
  const minute = scheduledTime.toISOString().slice(0, 16).replace(/[-:T]/g, '');
  const subject = createHash('sha256').update(subjectId).digest('hex').slice(0, SUBJECT_HASH_LENGTH);
  return `${policyName}-${minute}-${subject}`;
}

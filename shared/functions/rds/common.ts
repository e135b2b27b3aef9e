/**
 * What the RDS function executions share: the RDS edge from the clients, the phase's session (opened and closed
 * around the work), instance-or-cluster from `dbEngine`, and Kanister's rendering of security group lists.
 */
import { stringify } from 'yaml';
import type { RdsCredentialArgs } from '../../aws/rds/credentials.js';
import type { DbKind } from '../../aws/rds/describe.js';
import { openRdsSession, type RdsOptions, type RdsSession } from '../../aws/rds/session.js';
import type { PhaseCall, PhaseOutput } from '../../blueprint/functions-port.js';
import { isAuroraEngine } from '../aws-args.js';
import type { EdgeClients, RdsAccess } from '../ports.js';

/** Aurora engines mean a DB cluster (and cluster snapshots); anything else a DB instance (Kanister). */
export const kindOf = (dbEngine: string | undefined): DbKind => (isAuroraEngine(dbEngine) ? 'cluster' : 'instance');

export class RdsNotConfiguredError extends Error {
  override readonly name = 'RdsNotConfiguredError';
}

function rdsOf(clients: EdgeClients): RdsAccess {
  // The function lookup only binds exec when the needs are met; this guards direct calls.
  if (!clients.rds) throw new RdsNotConfiguredError('this runtime was given no AWS clients for RDS');
  return clients.rds;
}

export async function withRdsSession<T>(
  call: PhaseCall<unknown>,
  clients: EdgeClients,
  args: RdsCredentialArgs,
  options: RdsOptions,
  work: (s: RdsSession) => Promise<T>,
): Promise<T> {
  const session = await openRdsSession(call, rdsOf(clients), args, options);
  try {
    return await work(session);
  } finally {
    session.close();
  }
}

/**
 * A list as Kanister renders it into a string output (`ghodss/yaml.Marshal` of a Go `[]string`): `- a\n- b\n`,
 * and `null\n` for an empty list (Kanister's list is nil then).
 */
export const kanisterYamlList = (items: readonly string[]): string =>
  items.length === 0 ? 'null\n' : stringify([...items]);

/**
 * `exec` for a spec object: the registry holds specs of every arg type (`FunctionSpec[]`), whose `exec` property
 * is checked contravariantly, so a spec's exec takes the call with untyped args. The function lookup only ever
 * passes args this spec's own schema parsed, which is what makes the narrowing safe.
 */
export const specExec =
  <A>(fn: (call: PhaseCall<A>, clients: EdgeClients) => Promise<PhaseOutput>) =>
  (call: PhaseCall<unknown>, clients: EdgeClients): Promise<PhaseOutput> =>
    fn(call as PhaseCall<A>, clients);

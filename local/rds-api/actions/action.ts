/**
 * The shape of an action handler: decoded parameters and the request's region in, the `<XResult>` content out.
 */
import type { DeleteRequest } from '../db-ops.js';
import { checkIdentifier } from '../model.js';
import type { QueryParams } from '../query.js';
import type { Runtime } from '../runtime.js';
import type { XmlStruct } from '../xml.js';

export interface ActionContext {
  readonly rt: Runtime;
  /** From the SigV4 credential scope of the request; each region is a separate simulated RDS. */
  readonly region: string;
  readonly params: QueryParams;
}

/** Returns the result element's content, or undefined for actions without output (AddTagsToResource, …). */
export type ActionHandler = (ctx: ActionContext) => Promise<XmlStruct | undefined>;

export type ActionTable = Readonly<Record<string, ActionHandler>>;

export const DEFAULT_SECURITY_GROUP = 'sg-0123456789abcdef0';

/** The final-snapshot and backup options DeleteDBInstance and DeleteDBCluster share. */
export function deleteRequestFrom(params: QueryParams): DeleteRequest {
  const finalId = params.str('FinalDBSnapshotIdentifier');
  return {
    skipFinalSnapshot: params.bool('SkipFinalSnapshot') ?? false,
    finalSnapshotId: finalId === undefined ? undefined : checkIdentifier('FinalDBSnapshotIdentifier', finalId, 255),
    deleteAutomatedBackups: params.bool('DeleteAutomatedBackups') ?? true,
  };
}

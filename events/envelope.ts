/**
 * The EventBridge envelope every event delivered to a rule target has (version, id, detail-type, source, account,
 * time, region, resources, detail), as one zod builder shared by the per-source schemas in this folder.
 *
 * The envelope is parsed leniently (unknown top-level keys such as `replay-name` are kept out of the type but do not
 * fail the parse): AWS adds envelope fields over time and a backup tool must not stop on that. Each detail schema
 * decides its own strictness.
 */
import { z } from 'zod';

/** Fields EventBridge sets on every event, whatever its source. */
export const envelopeFields = {
  version: z.string(),
  id: z.string().min(1),
  account: z.string(),
  time: z.iso.datetime({ offset: true }),
  region: z.string(),
  resources: z.array(z.string()),
  'replay-name': z.string().optional(),
};

/**
 * An envelope with fixed `source` and `detail-type` literals around `detail`: the building block of a discriminated
 * union over `detail-type`.
 */
export function eventBridgeEvent<S extends string, T extends string, D extends z.ZodType>(
  source: S,
  detailType: T,
  detail: D,
) {
  return z.object({
    ...envelopeFields,
    source: z.literal(source),
    'detail-type': z.literal(detailType),
    detail,
  });
}

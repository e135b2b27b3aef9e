/**
 * Validates run events the way a subscriber will receive them: each detail must parse with the schema of its
 * detail-type (events/holdfast.ts), after a JSON round trip as EventBridge does.
 */
import type { z } from 'zod';
import {
  restorePointCreatedDetailSchema,
  restorePointExpiredDetailSchema,
  runFailedDetailSchema,
  runSucceededDetailSchema,
} from '../../events/holdfast.js';

const schemas: Record<string, z.ZodType> = {
  'Run Succeeded': runSucceededDetailSchema,
  'Run Failed': runFailedDetailSchema,
  'Restore Point Created': restorePointCreatedDetailSchema,
  'Restore Point Expired': restorePointExpiredDetailSchema,
};

export function checkedPublisher(sink: { type: string; detail: Record<string, unknown> }[]) {
  return {
    publish: async (type: string, detail: Record<string, unknown>) => {
      const schema = schemas[type];
      if (!schema) throw new Error(`unknown detail-type ${type}`);
      const r = schema.safeParse(JSON.parse(JSON.stringify(detail)));
      if (!r.success) throw new Error(`${type} detail does not match its schema: ${r.error.message}`);
      sink.push({ type, detail });
    },
  };
}

/**
 * Publishes run events on Holdfast's EventBridge bus (source `holdfast`). PutEvents reports per-entry failures in a
 * 200 response, so a failed entry is turned into an error the step retries.
 */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { HOLDFAST_SOURCE } from '../../events/holdfast.js';
import type { RunEvents } from '../runtime/ports.js';

export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
}

export function eventBusPublisher(client: EventBridgeClient, busName: string): RunEvents {
  return {
    async publish(detailType, detail) {
      const out = await client.send(
        new PutEventsCommand({
          Entries: [
            { EventBusName: busName, Source: HOLDFAST_SOURCE, DetailType: detailType, Detail: JSON.stringify(detail) },
          ],
        }),
      );
      const failed = out.Entries?.find((e) => e.ErrorCode);
      if ((out.FailedEntryCount ?? 0) > 0 || failed) {
        throw new EventPublishError(
          `EventBridge refused the ${detailType} event: ${failed?.ErrorCode} ${failed?.ErrorMessage ?? ''}`.trim(),
        );
      }
    },
  };
}

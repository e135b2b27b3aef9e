/**
 * Holdfast's event bus, per container.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { eventBusPublisher } from '../../shared/aws/event-bus.js';
import type { RunEvents } from '../../shared/runtime/ports.js';
import { env } from './env.js';
import { lazy } from './lazy.js';

export const runEvents = lazy(
  (): RunEvents => eventBusPublisher(new EventBridgeClient({}), env('HOLDFAST_EVENT_BUS_NAME')),
);

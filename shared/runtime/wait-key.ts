/**
 * The string a wait is registered under in the store: one spelling for the run that waits and the event handler
 * that completes it.
 */
import type { WaitKey } from '../blueprint/run-context.js';

export function waitKeyString(key: WaitKey): string {
  return `${key.kind}#${key.id}`;
}

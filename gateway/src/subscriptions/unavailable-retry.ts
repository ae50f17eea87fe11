import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCode } from '@onegraph/errors';
import type { Payload } from './protocol.ts';

/** How long an event's resolution is tried again while its subgraph answers SERVICE_UNAVAILABLE. */
export const UNAVAILABLE_RETRY_FOR_MS = 30_000;

/** Whether every error of `result` is SERVICE_UNAVAILABLE: a subgraph that cannot work right now (its database restarting), not a failure of the event. */
const onlyUnavailable = (result: Payload) =>
  result.errors !== undefined && result.errors.length > 0 && result.errors.every((error) => error.extensions?.['code'] === ErrorCode.SERVICE_UNAVAILABLE);

/**
 * Resolves an event's entity, trying again (from 250 ms, doubling up to 2 s)
 * while the answer is only SERVICE_UNAVAILABLE errors, for at most
 * `retryForMs`. Without it an event published just as a subgraph's database
 * went away reached its subscribers as an error instead of the entity, and
 * nothing sent it again: an event lost for them. The subscriber's later
 * events wait behind it, in order; past `retryForMs` it gets the error.
 */
export async function resolveWhileUnavailable(resolve: () => Promise<Payload>, retryForMs = UNAVAILABLE_RETRY_FOR_MS): Promise<Payload> {
  const deadline = Date.now() + retryForMs;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2_000)) {
    const result = await resolve();
    if (!onlyUnavailable(result) || Date.now() + wait > deadline) return result;
    // unreferenced: a gateway shutting down does not wait for it
    await delay(wait, undefined, { ref: false });
  }
}

import type { RoutedEvent } from './event-router.ts';
import type { Payload } from './protocol.ts';

/**
 * The JSON of each shared resolution's payload, as every subscriber of it
 * receives it (`extensions.cursor` and `extensions.eventId` included), made
 * once: subscribers of one selection and scope get the same result object
 * for an event (shared-resolution.ts), so only the few bytes of their
 * subscription ids differ. Kept as long as the result is (a weak map).
 */
const serialised = new WeakMap<Payload, { cursor: string; json: Buffer }>();

/** The payload a subscriber receives for an event: the resolution's result with the event's cursor and id in `extensions`. */
export function eventPayload(result: Payload, routed: RoutedEvent): Payload {
  return { ...result, extensions: { ...result.extensions, cursor: routed.cursor, eventId: routed.event.id } };
}

/** `eventPayload(result, routed)` as JSON (UTF-8), serialised once per result and event. */
export function eventPayloadJson(result: Payload, routed: RoutedEvent): Buffer {
  const cursor = routed.cursor;
  let entry = serialised.get(result);
  // a result belongs to one event: a different cursor is only met by a result a caller did not share
  if (entry?.cursor !== cursor) serialised.set(result, (entry = { cursor, json: Buffer.from(JSON.stringify(eventPayload(result, routed)), 'utf8') }));
  return entry.json;
}

const CLOSE = Buffer.from('}');

/**
 * A subscription's `next` message for a payload (`eventPayloadJson`), as
 * the UTF-8 bytes of a text frame: `prefix`
 * (`Buffer.from(nextMessagePrefix(id))`), the payload, `}`. Bytes rather
 * than a string: the socket then neither flattens nor encodes the message
 * again for each subscriber.
 */
export function nextMessage(prefix: Buffer, payloadJson: Buffer): Buffer {
  return Buffer.concat([prefix, payloadJson, CLOSE], prefix.length + payloadJson.length + 1);
}

/**
 * The start of a subscription's graphql-ws `next` message, up to its
 * payload: `{"id":"<id>","type":"next","payload":`. With the payload's JSON
 * and `}` after it, the message is exactly what graphql-ws would send
 * (`JSON.stringify({ id, type: 'next', payload })`).
 */
export function nextMessagePrefix(subscriptionId: string): string {
  return `{"id":${JSON.stringify(subscriptionId)},"type":"next","payload":`;
}

import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Bus, BusConsumer, Envelope, MessageMeta } from '@onegraph/bus';
import type { Logger } from '@onegraph/log';
import { linkTo, messagingAttributes, ROOT_CONTEXT, SpanKind, startSpan, tracingActive, type Span } from '@onegraph/tracing';
import { GATEWAY_TRACER } from '../tracer.ts';
import { encodeCursor } from './cursor.ts';
import type { SubscriptionFieldSpec } from './field-spec.ts';

/** An event on its way to subscribers, with its cursor (encoded once, shared by every subscriber). */
export class RoutedEvent {
  private encoded: string | undefined;
  /** The router's CONSUMER span for this event (tracing on): each push is a span under it. */
  span: Span | undefined;
  constructor(
    readonly event: Envelope,
    readonly meta: MessageMeta,
  ) {}
  get data(): Record<string, unknown> {
    return (this.event.data ?? {}) as Record<string, unknown>;
  }
  get cursor(): string {
    return (this.encoded ??= encodeCursor(this.meta));
  }
}

export interface Subscriber {
  org: string;
  /** The Subscription field's name, and how it is fed. */
  field: string;
  spec: SubscriptionFieldSpec;
  /** Its routing key (`spec.keyOf(args)`). */
  key: string;
  /** Called synchronously, in partition order; must not throw. */
  deliver(event: RoutedEvent): void;
}

export interface EventRouter {
  /** Starts routing events to a subscriber; the function stops it. */
  add(subscriber: Subscriber): () => void;
  /** Whether an event is one the subscriber wants (its organisation, type and key): the filter of replays. */
  wants(subscriber: Subscriber, event: Envelope, meta: MessageMeta): boolean;
  readonly size: number;
  stop(): Promise<void>;
}

export interface EventRouterOptions {
  bus: Bus;
  fields: Record<string, SubscriptionFieldSpec>;
  log: Logger;
  /** Event ids remembered to drop a message delivered twice (an outbox or producer retry). Default 10 000. */
  dedupeWindow?: number;
}

/**
 * One Bus consumer per gateway instance, shared by all its subscribers. It is
 * ephemeral: its group id is unique to the instance (so every instance sees
 * every event), it starts at the end of the topics, resumes where it was
 * after a broker outage, and its group is deleted when the gateway closes.
 * Events are routed in memory, never across organisations: the index is
 * keyed by organisation, field and routing key, so an event costs a lookup
 * per key, not a scan of the subscribers.
 *
 * Delivery into the gateway is at least once; a message seen twice (the same
 * offset after a consumer restart, or the same event id at another offset
 * after a producer retry) is dropped here.
 */
export async function startEventRouter(options: EventRouterOptions): Promise<EventRouter> {
  const { bus, fields, log } = options;
  const dedupeWindow = options.dedupeWindow ?? 10_000;
  const index = new Map<string, Set<Subscriber>>();
  const indexKey = (org: string, field: string, key: string) => `${org}\u0000${field}\u0000${key}`;
  /** The fields fed by each topic and event type. */
  const fieldsOf = new Map<string, [string, SubscriptionFieldSpec][]>();
  for (const [name, spec] of Object.entries(fields)) {
    for (const type of spec.eventTypes) {
      const k = `${spec.topic}\u0000${type}`;
      fieldsOf.set(k, [...(fieldsOf.get(k) ?? []), [name, spec]]);
    }
  }
  const topics = [...new Set(Object.values(fields).map((f) => f.topic))];
  /** Per topic and partition, the last offset routed. */
  const routedUpTo = new Map<string, bigint>();
  const recentIds = new Set<string>();
  let size = 0;

  function route(event: Envelope, meta: MessageMeta) {
    const partitionKey = `${meta.topic}\u0000${meta.partition}`;
    const offset = BigInt(meta.offset);
    const last = routedUpTo.get(partitionKey);
    if (last !== undefined && offset <= last) return;
    routedUpTo.set(partitionKey, offset);
    if (recentIds.has(event.id)) return;
    recentIds.add(event.id);
    if (recentIds.size > dedupeWindow) recentIds.delete(recentIds.values().next().value!);

    const specs = fieldsOf.get(`${meta.topic}\u0000${event.type}`);
    if (!specs) return;
    let routed: RoutedEvent | undefined;
    for (const [name, spec] of specs) {
      let keys: readonly string[];
      try {
        keys = spec.keysOf(routedData(event));
      } catch (error) {
        log.warn('gateway: subscription routing failed', { error: (error as Error).message, type: event.type, field: name });
        continue;
      }
      for (const key of keys) {
        const subscribers = index.get(indexKey(event.orgid, name, key));
        if (!subscribers) continue;
        if (!routed) {
          routed = new RoutedEvent(event, meta);
          routed.span = consumerSpan(event, meta, group);
        }
        for (const s of subscribers) {
          // never let one subscriber fail the handler: the Bus would retry the event for all of them
          try {
            s.deliver(routed);
          } catch (error) {
            log.error('gateway: subscription delivery failed', { error: (error as Error).message, field: name, eventId: event.id });
          }
        }
      }
    }
    routed?.span?.end();
  }

  const group = `onegraph-gateway-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const consumer: BusConsumer = await bus.consume({
    groupId: group,
    topics,
    ephemeral: true,
    handler: async (event, meta) => route(event, meta),
  });

  return {
    add(subscriber) {
      const k = indexKey(subscriber.org, subscriber.field, subscriber.key);
      let set = index.get(k);
      if (!set) index.set(k, (set = new Set()));
      set.add(subscriber);
      size++;
      return () => {
        if (set.delete(subscriber)) size--;
        if (set.size === 0 && index.get(k) === set) index.delete(k);
      };
    },
    wants(subscriber, event, meta) {
      const { spec } = subscriber;
      return (
        event.orgid === subscriber.org &&
        meta.topic === spec.topic &&
        spec.eventTypes.includes(event.type) &&
        spec.keysOf(routedData(event)).includes(subscriber.key)
      );
    },
    get size() {
      return size;
    },
    stop: () => consumer.stop(),
  };
}

/** A CONSUMER span (messaging conventions) for an event routed to subscribers, linked to the context its producer put in it. */
function consumerSpan(event: Envelope, meta: MessageMeta, group: string): Span | undefined {
  if (!tracingActive()) return undefined;
  const link = linkTo(event);
  return startSpan(GATEWAY_TRACER, `process ${meta.topic}`, {
    kind: SpanKind.CONSUMER,
    parent: ROOT_CONTEXT,
    attributes: { ...messagingAttributes(meta.topic, group, event.id, meta.partition, meta.offset), 'cloudevents.event_type': event.type },
    ...(link ? { links: [link] } : {}),
  });
}

const routedData = (event: Envelope) => (event.data ?? {}) as Record<string, unknown>;

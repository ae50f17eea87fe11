import { PermanentEventError, type BatchItem, type Bus, type BusConsumer, type Envelope, type EventType, type MessageMeta } from '@onegraph/bus';
import { isDatabaseUnavailable, type Db, type Queryable } from '@onegraph/db';
import { noopMetrics, type Metrics } from '@onegraph/metrics';
import { codedError, ErrorCode, notFound } from '@onegraph/errors';
import { linkTo, messagingAttributes, ROOT_CONTEXT, SpanKind, withSpan } from '@onegraph/tracing';
import { isCallFirst, ParkEvent, type ApplyHandler, type ConsumerDefinition, type Handler, type HandlerMeta } from './define.ts';
import { failedEventById, recordFailedEvent, takeForReplay, type FailedEvent, type FailedEventKind } from './failed-events.ts';
import { forgetProcessed, markProcessed, markProcessedMany, wasProcessed } from './inbox.ts';

/** The instrumentation scope (tracer name) of the consumers' spans. */
const CONSUMERS_TRACER = '@onegraph/consumers';

/**
 * Opens the transaction a handler's effect commits in, and the scope handed
 * to the handler: crm's unit of work (with its outbox), a plain `tx`... The
 * runtime writes the inbox row through `tx`, so `tx` must be that
 * transaction. Anything to do after the commit (waking an outbox relay) is
 * done here, once `work` committed.
 */
export type OpenTransaction<S> = (event: Envelope, consumer: string, work: (tx: Queryable, scope: S) => Promise<void>) => Promise<void>;

export interface ConsumerRuntimeLog {
  warn(message: string, detail?: Record<string, unknown>): void;
}

export interface ConsumerRuntimeOptions<S> {
  /** The service's database: the inbox, parked events and dead letters (`consumerMigrations`) live there. */
  db: Db;
  /** Every consumer of the service: the one registry the Bus consumers are started from and replays look up. */
  consumers: readonly ConsumerDefinition<S>[];
  transaction: OpenTransaction<S>;
  /** Prefix of failed events' ids, e.g. `prk` (`prk_<uuid>`). Default `fev`. */
  idPrefix?: string;
  log?: ConsumerRuntimeLog;
  /** Where parked events are counted (`onegraph.messaging.parked`). Default: not counted. */
  metrics?: Metrics;
}

/** What `start` returns: the running Bus consumers, stopped together. */
export interface RunningConsumers extends AsyncDisposable {
  stop(): Promise<void>;
}

export interface ConsumerRuntime {
  /** The declared consumers' names. */
  readonly names: readonly string[];
  /**
   * Starts every declared consumer on the Bus, together (each group join
   * takes the broker's rebalance delay). When one fails to start, those
   * started are stopped and the error is thrown.
   */
  start(bus: Bus): Promise<RunningConsumers>;
  /**
   * An admin's replay of a parked or dead-lettered event of the
   * organisation: it is marked resolved, its inbox row forgotten, and the
   * consumer's own handler runs it again, exactly once (`meta.replay`, one
   * attempt, so `meta.lastAttempt`). Failing again, it is parked or
   * dead-lettered again with the new reason (`resolvedAt` null). Resolves
   * with the event as it stands after the replay. NOT_FOUND for an unknown
   * id (or another organisation's); INVALID_TRANSITION for one replayed
   * already, or of a consumer this service no longer runs.
   */
  replay(org: string, id: string, actor: string): Promise<FailedEvent>;
}

/**
 * The one consumer runtime: every Bus consumer of a service is declared
 * (`defineConsumer`) and run by it, and gets the same
 * - inbox deduplication: an event's effect and its `processed_events` row
 *   commit in one transaction, so a redelivery changes nothing;
 * - parking: a handler that throws `ParkEvent` has its effect rolled back,
 *   and the event is recorded once with the reason, for an admin;
 * - dead letters: when the Bus gives up on an event (retries exhausted, or
 *   `PermanentEventError`), it is recorded in the same table (besides the
 *   Bus's `<topic>.dlq` letter), one row per consumer and event, so the
 *   graph lists it per organisation;
 * - replay of either, through the same handler (`replay`);
 * - attempt metadata (`meta.attempt`, `meta.lastAttempt`, `meta.replay`).
 * Events of a type a consumer has no handler for are acknowledged and
 * skipped: nothing was applied that a redelivery could repeat, so no inbox
 * row is written for them.
 *
 * A backlog is applied in batches: consecutive events of a partition, one
 * transaction per organisation among them (its events in their order), one
 * inbox statement for all of them. A batch is all or nothing: when any
 * handler throws (a `ParkEvent` too), its transaction rolls back and the
 * Bus hands the same events over one at a time, where retries, parking and
 * dead letters work as above; those a committed part of the batch applied
 * are skipped there by the inbox. A `callFirst` handler's event is never
 * batched: a batch ends before it, and the Bus hands it over alone.
 */
export function createConsumerRuntime<S>(options: ConsumerRuntimeOptions<S>): ConsumerRuntime {
  const { db } = options;
  const idPrefix = options.idPrefix ?? 'fev';
  const log = options.log ?? { warn: () => {} };
  const parked = (options.metrics ?? noopMetrics).meter.createCounter('onegraph.messaging.parked', {
    description: 'Events a consumer handler parked (for an admin to replay), per topic and consumer group',
    unit: '{message}',
  });
  const registry = new Map<string, ConsumerDefinition<S>>();
  for (const consumer of options.consumers) {
    if (registry.has(consumer.name)) throw new Error(`two consumers are named ${consumer.name}`);
    registry.set(consumer.name, consumer);
  }
  const handlerOf = (consumer: ConsumerDefinition<S>, type: string): Handler<EventType, S> | undefined =>
    Object.hasOwn(consumer.handlers, type) ? (consumer.handlers[type as EventType] as Handler<EventType, S> | undefined) : undefined;

  const record = (consumer: string, kind: FailedEventKind, event: Envelope, reason: string) =>
    recordFailedEvent(db, { idPrefix, consumer, kind, event, reason });

  /** Runs one event through its handler, once; parks it when the handler says so. Other errors are the caller's. */
  async function apply(consumer: ConsumerDefinition<S>, handler: Handler<EventType, S>, event: Envelope, meta: HandlerMeta, topic: string): Promise<void> {
    const typed = event as Envelope<never>;
    const inTransaction = (work: (scope: S) => Promise<void>) =>
      options.transaction(event, consumer.name, async (tx, scope) => {
        if (!(await markProcessed(tx, consumer.name, event.id))) return;
        await work(scope);
      });
    try {
      if (isCallFirst(handler)) {
        if (await wasProcessed(db, consumer.name, event.id)) return;
        const result = await handler.before(typed, meta);
        await inTransaction((scope) => handler.apply(typed, scope, result, meta));
      } else {
        await inTransaction((scope) => handler(typed, scope, meta));
      }
    } catch (error) {
      if (!(error instanceof ParkEvent)) throw error;
      log.warn('consumers: event parked', { consumer: consumer.name, eventId: event.id, type: event.type, org: event.orgid, reason: error.message });
      // the inbox row keeps a redelivery from parking it twice
      await db.transaction(async (tx) => {
        if (!(await markProcessed(tx, consumer.name, event.id))) return;
        await recordFailedEvent(tx, { idPrefix, consumer: consumer.name, kind: 'PARKED', event, reason: error.message });
      });
      parked.add(1, { 'messaging.destination.name': topic, 'messaging.consumer.group.name': consumer.name });
    }
  }

  /**
   * Applies consecutive events of one partition, none of them for a
   * `callFirst` handler: one transaction per organisation among them (its
   * events in their order), one inbox statement each. Throws when any fails.
   */
  async function applyBatch(consumer: ConsumerDefinition<S>, items: readonly BatchItem[]): Promise<void> {
    const byOrg = new Map<string, { event: Envelope; handler: ApplyHandler<EventType, S>; meta: HandlerMeta }[]>();
    for (const { event, meta } of items) {
      const handler = handlerOf(consumer, event.type);
      if (!handler || isCallFirst(handler)) continue;
      const entry = { event, handler, meta: { attempt: meta.attempt ?? 1, lastAttempt: meta.lastAttempt ?? false, replay: false } };
      const ofOrg = byOrg.get(event.orgid);
      if (ofOrg) ofOrg.push(entry);
      else byOrg.set(event.orgid, [entry]);
    }
    for (const events of byOrg.values()) {
      await options.transaction(events[0]!.event, consumer.name, async (tx, scope) => {
        const fresh = await markProcessedMany(
          tx,
          consumer.name,
          events.map((e) => e.event.id),
        );
        for (const { event, handler, meta } of events) {
          // `delete`: an event delivered twice in one batch is applied once
          if (fresh.delete(event.id)) await handler(event as Envelope<never>, scope, meta);
        }
      });
    }
  }

  const linksOf = (event: Envelope) => {
    const link = linkTo(event);
    return link ? { links: [link] } : {};
  };

  function startOne(bus: Bus, consumer: ConsumerDefinition<S>): Promise<BusConsumer> {
    return bus.consume({
      groupId: consumer.name,
      topics: [...consumer.topics],
      ...consumer.retry,
      // the service's own database away: retried until it is back, never dead-lettered for it
      isUnavailable: isDatabaseUnavailable,
      handler: async (event, meta: MessageMeta) => {
        const handler = handlerOf(consumer, event.type);
        if (!handler) return;
        // a CONSUMER span of its own trace, linked to the producer's context the event carries
        await withSpan(
          CONSUMERS_TRACER,
          `process ${meta.topic}`,
          {
            kind: SpanKind.CONSUMER,
            parent: ROOT_CONTEXT,
            attributes: {
              ...messagingAttributes(meta.topic, consumer.name, event.id, meta.partition, meta.offset),
              'cloudevents.event_type': event.type,
              'onegraph.consumer.attempt': meta.attempt ?? 1,
            },
            ...linksOf(event),
          },
          () => apply(consumer, handler, event, { attempt: meta.attempt ?? 1, lastAttempt: meta.lastAttempt ?? true, replay: false }, meta.topic),
        );
      },
      batchHandler: async (all) => {
        // a batch ends before an event whose handler calls another product first: the Bus hands that one over alone
        const end = all.findIndex(({ event }) => {
          const handler = handlerOf(consumer, event.type);
          return handler !== undefined && isCallFirst(handler);
        });
        const items = end === -1 ? all : all.slice(0, end);
        if (items.length === 0) return 0;
        const { topic, partition, offset } = items[0]!.meta;
        // one CONSUMER span for the batch, linked to each event's producer (the messaging conventions' batch receive)
        const links = items.flatMap(({ event, meta }) => {
          const link = linkTo(event, { 'messaging.message.id': event.id, 'messaging.kafka.offset': Number(meta.offset), 'cloudevents.event_type': event.type });
          return link ? [link] : [];
        });
        await withSpan(
          CONSUMERS_TRACER,
          `process ${topic}`,
          {
            kind: SpanKind.CONSUMER,
            parent: ROOT_CONTEXT,
            attributes: {
              'messaging.system': 'kafka',
              'messaging.operation.type': 'process',
              'messaging.operation.name': 'process',
              'messaging.destination.name': topic,
              'messaging.consumer.group.name': consumer.name,
              'messaging.destination.partition.id': String(partition),
              'messaging.kafka.offset': Number(offset),
              'messaging.batch.message_count': items.length,
            },
            links,
          },
          () => applyBatch(consumer, items),
        );
        return items.length;
      },
      onDeadLetter: async (letter, event) => {
        // a message that is no valid event has no organisation to list it under: the DLQ topic keeps it
        if (!event || !handlerOf(consumer, event.type)) return;
        await record(consumer.name, 'DEAD_LETTERED', event, letter.reason);
      },
    });
  }

  return {
    names: [...registry.keys()],
    async start(bus) {
      const starting = await Promise.allSettled([...registry.values()].map((c) => startOne(bus, c)));
      const running = starting.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const stop = async () => {
        for (const c of running) await c.stop();
      };
      const failed = starting.find((s) => s.status === 'rejected');
      if (failed) {
        await stop();
        throw failed.reason;
      }
      return { stop, [Symbol.asyncDispose]: stop };
    },

    async replay(org, id, actor) {
      const failed = await failedEventById(db, org, id);
      if (!failed) throw notFound('Failed event', id);
      if (failed.resolvedAt) throw codedError(ErrorCode.INVALID_TRANSITION, `Event ${id} was replayed already`, { id });
      const consumer = registry.get(failed.consumer);
      if (!consumer)
        throw codedError(ErrorCode.INVALID_TRANSITION, `Events of consumer ${failed.consumer} cannot be replayed here: it does not run in this service`, {
          id,
        });
      const taken = await db.transaction(async (tx) => {
        const row = await takeForReplay(tx, org, id, actor);
        if (row) await forgetProcessed(tx, row.consumer, row.eventId);
        return row;
      });
      // a concurrent replay took it
      if (!taken) return (await failedEventById(db, org, id))!;
      const handler = handlerOf(consumer, taken.envelope.type);
      if (handler) {
        try {
          await apply(consumer, handler, taken.envelope, { attempt: 1, lastAttempt: true, replay: true }, consumer.topics.join(','));
        } catch (error) {
          const reason = error instanceof PermanentEventError ? error.message : `replay failed: ${error instanceof Error ? error.message : String(error)}`;
          log.warn('consumers: replayed event failed again', { consumer: consumer.name, eventId: taken.eventId, org, reason });
          await record(consumer.name, 'DEAD_LETTERED', taken.envelope, reason);
        }
      }
      return (await failedEventById(db, org, id))!;
    },
  };
}

import type { ConsumeOptions, Envelope, EventData, EventType } from '@onegraph/bus';

/**
 * Thrown by a handler for an event that names something the service does
 * not have (yet): an unknown company or deal. No retry can fix that now, and
 * the DLQ would hide it from the people who can: the runtime rolls the
 * handler's effect back and parks the event with the message as its reason,
 * for an admin to replay once the record exists.
 */
export class ParkEvent extends Error {
  override readonly name = 'ParkEvent';
}

/** What a handler is told about the delivery it runs in. */
export interface HandlerMeta {
  /** Which attempt at the event this is, 1-based (the Bus retries a handler that throws). */
  attempt: number;
  /**
   * Whether a failure now gives up on the event: the Bus dead-letters it
   * (retries exhausted), or an admin's replay records it failed again. A
   * handler that shows progress (a request PENDING) can then say FAILED.
   */
  lastAttempt: boolean;
  /** Whether an admin's replay of a parked or dead-lettered event runs it (true), or the Bus delivered it. */
  replay: boolean;
}

/** A typed event of the Bus's event map. */
export type EventOf<T extends EventType> = Envelope<EventData<T>>;

/** The usual handler: applies the event in the transaction the service opens, with its scope (crm's `Unit`, a plain `tx`...). */
export type ApplyHandler<T extends EventType, S> = (event: EventOf<T>, scope: S, meta: HandlerMeta) => Promise<void>;

/**
 * A handler that must call another product before its transaction (the call
 * cannot be rolled back, so it is not made inside it): `before` runs first,
 * outside any transaction, and only for an event not applied yet; its
 * result is handed to `apply`, which runs in the transaction with the inbox
 * row. The other product must be idempotent on a key derived from the event
 * id: a crash between the two makes the next delivery call it again.
 * Build one with `callFirst`, which types `X`.
 */
export interface CallFirstHandler<T extends EventType, S, X> {
  readonly kind: 'call-first';
  before(event: EventOf<T>, meta: HandlerMeta): Promise<X>;
  apply(event: EventOf<T>, scope: S, result: X, meta: HandlerMeta): Promise<void>;
}

/** `X` is erased in the table (the runtime only hands `before`'s result to `apply`); `callFirst` keeps the two in step. */
export type Handler<T extends EventType, S> = ApplyHandler<T, S> | CallFirstHandler<T, S, unknown>;

/** The handler table: one handler per event type the consumer applies; other types are acknowledged and skipped. */
export type Handlers<S> = { readonly [T in EventType]?: Handler<T, S> };

/** Declares a handler that calls another product before its transaction (see `CallFirstHandler`). */
export function callFirst<T extends EventType, S, X>(handler: Omit<CallFirstHandler<T, S, X>, 'kind'>): Handler<T, S> {
  return { kind: 'call-first', before: handler.before, apply: handler.apply };
}

export interface ConsumerDefinition<S> {
  /** The consumer's name: its Kafka group id, its inbox rows' and failed events' `consumer`, e.g. `crm.psa-events`. */
  readonly name: string;
  /** The topic (or topics) it reads, e.g. `topicOf('psa')`. */
  readonly topics: readonly string[];
  readonly handlers: Handlers<S>;
  /**
   * How the Bus retries a handler that throws before it dead-letters the
   * event. Default the Bus's: 5 attempts from 100 ms, doubling.
   */
  readonly retry?: Pick<ConsumeOptions, 'maxAttempts' | 'retryDelayMs'>;
}

/**
 * Declares a consumer: its name, topic(s) and a table of handlers per event
 * type, each typed from the Bus's event map. The runtime
 * (`createConsumerRuntime`) gives it inbox deduplication, parking,
 * dead-letter records, replay and attempt metadata. `S` is the scope the
 * service's transaction hands to handlers.
 */
export function defineConsumer<S>(definition: Omit<ConsumerDefinition<S>, 'topics'> & { topic: string | readonly string[] }): ConsumerDefinition<S> {
  const { topic, ...rest } = definition;
  return { ...rest, topics: typeof topic === 'string' ? [topic] : [...topic] };
}

export const isCallFirst = <T extends EventType, S>(handler: Handler<T, S>): handler is CallFirstHandler<T, S, unknown> =>
  typeof handler !== 'function' && handler.kind === 'call-first';

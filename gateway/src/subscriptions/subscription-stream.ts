import type { GraphQLFormattedError } from 'graphql';
import type { ExecutionResult } from 'graphql-ws';
import { OffsetOutOfRangeError, type Bus, type Envelope, type MessageMeta } from '@onegraph/bus';
import { ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';
import { contextWithSpan, failSpan, linkTo, SpanKind, startSpan, tracingActive, type Span, type SpanContext } from '@onegraph/tracing';
import { GATEWAY_TRACER } from '../tracer.ts';
import { BoundedQueue } from './bounded-queue.ts';
import type { EventCursor } from './cursor.ts';
import type { EarlyEvents } from './early-events.ts';
import { RoutedEvent, type EventRouter, type Subscriber } from './event-router.ts';
import { eventPayloadJson, nextMessage, nextMessagePrefix } from './next-message.ts';
import { forGraphqlWs, type Payload } from './protocol.ts';

export interface StreamLimits {
  /**
   * Events ready for a subscriber (resolved) that it does not take while its
   * socket holds the previous message: beyond this it is a slow reader, cut off.
   */
  maxBufferedEvents: number;
  /**
   * Events waiting for a subscriber in all, those still being resolved
   * included (a burst the gateway has not caught up with yet, which is not
   * the reader's doing): the memory bound, cut off beyond it too.
   */
  maxPendingEvents: number;
  /** Bytes the socket may hold unsent while more messages are written to it without waiting for the reader. */
  writeAheadBytes: number;
  /** Bytes its socket may hold unsent before it is cut off. */
  maxBufferedBytes: number;
  /** How long a replay waits for a subscriber that does not take what was replayed before cutting it off, in ms. */
  replayStallMs: number;
}

export interface SubscriptionStreamOptions {
  subscriber: Omit<Subscriber, 'deliver'>;
  router: EventRouter;
  bus: Bus;
  /** The subscriber's payload for an event (a resolution shared with subscribers of the same selection and scope). */
  resolve(event: RoutedEvent): Promise<Payload>;
  /** The root field's response key: an event whose entity resolves to null there is not pushed. */
  responseKey: string;
  /** Resume after this cursor: replay what was missed, then go live. */
  resume?: EventCursor | undefined;
  /** Events routed to it while it was being admitted: taken over before it registers with the router. */
  early?: EarlyEvents | undefined;
  limits: StreamLimits;
  socket: { readonly bufferedAmount: number };
  /** Called once when the subscriber is cut off for being too slow (the stream has ended). */
  onTooSlow(error: GraphQLFormattedError): void;
  /** The span the subscription was admitted in (tracing on): each push links to it as well as to the event's producer. */
  admittedIn?: SpanContext | undefined;
  /**
   * Where the stream writes its events' `next` messages itself: each
   * resolution's payload is serialised once for every subscriber sharing
   * it, and only the message's id differs. The iterator yields nothing but
   * the error that ends the stream, if one does, so graphql-ws still sends
   * that and the `complete` after the last event.
   */
  push: PushTarget;
  log: Logger;
}

/** Where a stream writes its `next` messages. */
export interface PushTarget {
  /** The graphql-ws subscription id its messages carry. */
  subscriptionId: string;
  /**
   * Writes one message (the UTF-8 bytes of a text frame) and calls `done` once it is written to the socket
   * (or dropped, the socket being closed), as graphql-ws' own sends settle;
   * with an error when the socket failed. `done` may be called at once.
   */
  send(message: Buffer, done: (error?: Error) => void): void;
  /**
   * The message written for an event's payload (its JSON, shared by the
   * subscribers of one resolution). Default: graphql-ws' `next` message
   * with `subscriptionId`; the SSE transport writes an event-stream frame.
   */
  frame?(payloadJson: Buffer, routed: RoutedEvent): Buffer;
}

/** How a stream ended: with an error graphql-ws sends, or done. */
type Ending = { kind: 'error'; error: GraphQLFormattedError } | { kind: 'done' };

/** A stream's writing state. */
interface PushState {
  target: PushTarget;
  /** Its messages' start, up to the payload (UTF-8). */
  prefix: Buffer;
  /** graphql-ws asked for the first item: the subscription is registered, messages may go. */
  started: boolean;
  /** Messages written to the socket that it has not sent yet. */
  inFlight: number;
  /** drive() is running, and was called again meanwhile. */
  driving: boolean;
  again: boolean;
  ending: Ending | undefined;
  /** graphql-ws got the ending. */
  handedOver: boolean;
  onEnding: ((ending: Ending) => void) | undefined;
}

/** How an event's resolution settled (tracked, to write without awaiting each one). */
type Settled = { result: Payload; error?: undefined } | { result?: undefined; error: unknown };
type Item =
  | { kind: 'event'; routed: RoutedEvent; payload: Promise<Payload>; settled: Settled | undefined; queued: boolean }
  | { kind: 'error'; error: GraphQLFormattedError };

/**
 * The phases of a subscription: it may first replay from a cursor while live
 * events wait aside, then it is live, until it ends.
 */
type Phase =
  | { name: 'replaying'; pending: RoutedEvent[]; abort: AbortController }
  | { name: 'live'; skipBelow: { partition: number; offset: bigint } | undefined }
  | { name: 'ended' };

/** Event ids replayed, remembered for the hand-over to live events (a duplicate message has another offset). */
const REPLAYED_IDS_KEPT = 10_000;

/**
 * One subscription's events, written by the stream itself as graphql-ws
 * `next` messages (each payload with `extensions.cursor` and
 * `extensions.eventId`), whose payload JSON is shared by every subscriber
 * of the same resolution; graphql-ws, which iterates the stream, pulls only
 * its end.
 *
 * Resumption without gaps or duplicates: the subscriber is registered with
 * the router first (live events are held aside), then the partition's end
 * offset is read, then the replay reads from the cursor's offset + 1 up to
 * that end. The live consumer cannot be past that end, so replay and held
 * live events overlap but leave no gap; the hand-over keeps held events at
 * or after the end, and drops live events below it for good.
 *
 * Backpressure tells a slow reader from a fast producer. Messages are written
 * as soon as they are resolved while the socket holds at most
 * `writeAheadBytes` unsent; a reader that keeps up takes each event as soon
 * as it is resolved, however many arrive at once. A reader is too slow when
 * more than `maxBufferedEvents` resolved events wait while its socket holds
 * more than that (or the socket holds more than `maxBufferedBytes`): it is
 * cut off with SUBSCRIBER_TOO_SLOW and
 * resumes from its last cursor. Events still being resolved (a burst the
 * gateway has not caught up with) do not count against the reader; they are
 * bounded by `maxPendingEvents` only, so memory stays bounded. A replay waits
 * for room instead, up to `replayStallMs`.
 */
export class SubscriptionStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: BoundedQueue<Item>;
  /** Queued events already resolved, not yet written: what the reader has not taken. */
  private ready = 0;
  private phase: Phase;
  private readonly remove: () => void;
  /**
   * The messages are written from `drive()`, one at a time, without a
   * promise per event (a callback when a resolution settles and when a
   * write is done); graphql-ws' pull only waits for the end.
   */
  private readonly push: PushState;

  constructor(private readonly options: SubscriptionStreamOptions) {
    this.queue = new BoundedQueue<Item>(options.limits.maxPendingEvents);
    this.push = {
      target: options.push,
      prefix: Buffer.from(nextMessagePrefix(options.push.subscriptionId), 'utf8'),
      started: false,
      inFlight: 0,
      driving: false,
      again: false,
      ending: undefined,
      handedOver: false,
      onEnding: undefined,
    };
    this.phase = options.resume ? { name: 'replaying', pending: [], abort: new AbortController() } : { name: 'live', skipBelow: undefined };
    // synchronously: no event falls between the held ones and the router's
    const held = options.early?.take();
    for (const routed of held?.events ?? []) this.deliver(routed);
    this.remove = options.router.add({ ...options.subscriber, deliver: (routed) => this.deliver(routed) });
    if (held?.overflowed) this.tooSlow();
    if (options.resume && this.phase.name === 'replaying') void this.replay(options.resume, this.phase);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** graphql-ws' pull: settles once the stream ends, with the error that ended it (sent, then `complete`) or done. */
  async next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    const push = this.push;
    if (push.handedOver) return { done: true, value: undefined };
    push.started = true;
    const ending =
      push.ending ??
      (await new Promise<Ending>((resolve) => {
        push.onEnding = resolve;
        this.drive();
      }));
    push.handedOver = true;
    return ending.kind === 'error' ? { done: false, value: forGraphqlWs({ errors: [ending.error] }) } : { done: true, value: undefined };
  }

  /**
   * Writes what can be written now, in order: the oldest event's
   * message once its resolution settled and the previous message is
   * written. Called whenever any of that changes; re-entrant calls (a write
   * done at once) are folded into the running one.
   */
  private drive(): void {
    const push = this.push;
    if (!push.started || push.ending) return;
    if (push.driving) {
      push.again = true;
      return;
    }
    push.driving = true;
    try {
      do {
        push.again = false;
        this.writeReady(push);
      } while (push.again);
    } finally {
      push.driving = false;
    }
  }

  private writeReady(push: PushState): void {
    while (!push.ending) {
      const item = this.queue.peek();
      if (item === undefined) {
        if (this.queue.isEnded && push.inFlight === 0) this.finish(push, { kind: 'done' });
        return;
      }
      if (item.kind === 'error') {
        if (push.inFlight > 0) return; // after the messages before it
        this.queue.shift();
        this.end();
        this.finish(push, item);
        return;
      }
      const { settled } = item;
      if (settled === undefined) return; // its resolution calls drive() when it settles
      if (this.waitingForReader()) return; // the socket's write callback calls drive()
      this.queue.shift();
      item.queued = false;
      this.ready--;
      const result = this.visibleResult(item.routed, settled);
      if (result === undefined) continue;
      push.inFlight++;
      const span = this.pushSpan(item.routed);
      const payloadJson = eventPayloadJson(result, item.routed);
      const message = push.target.frame ? push.target.frame(payloadJson, item.routed) : nextMessage(push.prefix, payloadJson);
      push.target.send(message, (error) => {
        push.inFlight--;
        if (error) failSpan(span, error);
        span?.end();
        if (error) {
          // the socket failed: graphql-ws closes the subscription with it
          this.options.log.warn('gateway: subscription message could not be written', { error: error.message });
          this.end();
          this.finish(push, { kind: 'done' });
          return;
        }
        this.drive();
      });
    }
  }

  /** The socket holds more than it may write ahead: the next message waits for the reader to take some. */
  private waitingForReader(): boolean {
    return this.push.inFlight > 0 && this.options.socket.bufferedAmount > this.options.limits.writeAheadBytes;
  }

  /**
   * A span for one push of an event to this subscriber (tracing on): under
   * the router's CONSUMER span of the event, linked to the context its
   * producer put in the event.
   */
  private pushSpan(routed: RoutedEvent): Span | undefined {
    if (!tracingActive()) return undefined;
    const link = linkTo(routed.event);
    const links = [
      ...(link ? [link] : []),
      ...(this.options.admittedIn ? [{ context: this.options.admittedIn, attributes: { 'onegraph.link': 'subscription' } }] : []),
    ];
    return startSpan(GATEWAY_TRACER, `push ${this.options.responseKey}`, {
      kind: SpanKind.PRODUCER,
      parent: contextWithSpan(routed.span?.spanContext()),
      attributes: {
        'graphql.operation.type': 'subscription',
        'onegraph.subscription.field': this.options.responseKey,
        'messaging.message.id': routed.event.id,
      },
      ...(links.length > 0 ? { links } : {}),
    });
  }

  /** The stream ended; graphql-ws' pull gets the ending. */
  private finish(push: PushState, ending: Ending) {
    if (push.ending) return;
    push.ending = ending;
    push.onEnding?.(ending);
  }

  /** What the subscriber gets for an event: the resolution's result, an error payload when it failed, undefined when the entity is not visible to it. */
  private visibleResult(routed: RoutedEvent, settled: Settled): Payload | undefined {
    let result: Payload;
    if (settled.result) {
      result = settled.result;
    } else {
      this.options.log.error('gateway: subscription event resolution failed', {
        error: (settled.error as Error | undefined)?.message,
        eventId: routed.event.id,
      });
      result = { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] };
    }
    // an entity the subscriber cannot see (deleted, or not visible to it) is not pushed
    if (!result.errors && (result.data?.[this.options.responseKey] ?? null) === null) return undefined;
    return result;
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.end();
    this.clearQueue();
    this.drive();
    return { done: true, value: undefined };
  }

  /** From the router, synchronously, in partition order. */
  private deliver(routed: RoutedEvent) {
    const phase = this.phase;
    switch (phase.name) {
      case 'replaying':
        phase.pending.push(routed);
        if (phase.pending.length > this.options.limits.maxPendingEvents) this.tooSlow();
        return;
      case 'live': {
        const skip = phase.skipBelow;
        if (skip && routed.meta.partition === skip.partition && BigInt(routed.meta.offset) < skip.offset) return;
        this.enqueue(routed);
        return;
      }
      case 'ended':
        return;
      default: {
        const unreachable: never = phase;
        throw new Error(`unknown phase ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private enqueue(routed: RoutedEvent): boolean {
    if (this.queue.full || this.options.socket.bufferedAmount > this.options.limits.maxBufferedBytes) {
      this.tooSlow();
      return false;
    }
    const payload = this.options.resolve(routed);
    const item: Item = { kind: 'event', routed, payload, settled: undefined, queued: true };
    // noted when it settles (handled, should the stream end first), then written by drive()
    const settle = (settled: Settled) => {
      item.settled = settled;
      if (!item.queued) return;
      this.ready++;
      this.drive();
      // what drive() could not write waits for the reader: its socket holds what it may
      if (this.ready > this.options.limits.maxBufferedEvents && this.waitingForReader()) this.tooSlow();
    };
    payload.then(
      (result) => settle({ result }),
      (error: unknown) => settle({ error }),
    );
    const pushed = this.queue.push(item);
    this.drive();
    return pushed;
  }

  private async replay(cursor: EventCursor, phase: Extract<Phase, { name: 'replaying' }>) {
    const { bus, router, log } = this.options;
    const subscriber = this.options.subscriber as Subscriber;
    const replayed = new Set<string>();
    let until: bigint;
    try {
      const stored = (await bus.offsets(cursor.topic)).find((p) => p.partition === cursor.partition);
      if (!stored) throw new OffsetOutOfRangeError(cursor.topic, cursor.partition, cursor.offset, '0');
      until = BigInt(stored.high);
      const from = BigInt(cursor.offset) + 1n;
      if (from > until) throw new OffsetOutOfRangeError(cursor.topic, cursor.partition, cursor.offset, stored.low);
      await bus.replay({
        topic: cursor.topic,
        partition: cursor.partition,
        fromOffset: from.toString(),
        untilOffset: until.toString(),
        signal: phase.abort.signal,
        handler: async (event: Envelope, meta: MessageMeta) => {
          if (this.phase !== phase || !router.wants(subscriber, event, meta)) return;
          if (!(await this.queue.waitForRoom(this.options.limits.replayStallMs))) {
            if (this.phase === phase) this.tooSlow();
            return;
          }
          if (this.phase !== phase) return;
          replayed.add(event.id);
          if (replayed.size > REPLAYED_IDS_KEPT) replayed.delete(replayed.values().next().value!);
          this.enqueue(new RoutedEvent(event, meta));
        },
      });
    } catch (error) {
      if (this.phase !== phase) return;
      if (error instanceof OffsetOutOfRangeError) {
        this.fail({
          message: `The cursor is no longer resumable: its events are past the Bus retention (oldest offset ${error.low}). Subscribe again without a cursor.`,
          extensions: { code: ErrorCode.CURSOR_EXPIRED },
        });
      } else {
        log.error('gateway: subscription replay failed', { error: (error as Error).message });
        this.fail({
          message: 'The missed events could not be replayed; resubscribe with the same cursor',
          extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
        });
      }
      return;
    }
    if (this.phase !== phase) return;
    // hand over to the live events held aside meanwhile
    this.phase = { name: 'live', skipBelow: { partition: cursor.partition, offset: until } };
    for (const routed of phase.pending) {
      if (routed.meta.partition === cursor.partition && BigInt(routed.meta.offset) < until) continue;
      if (replayed.has(routed.event.id)) continue;
      if (!this.enqueue(routed)) return;
    }
  }

  /** Ends the stream with one error payload (after what is already queued). */
  private fail(error: GraphQLFormattedError) {
    this.stopFeeding();
    this.queue.end({ kind: 'error', error });
    this.drive();
  }

  private tooSlow() {
    if (this.phase.name === 'ended') return;
    const ready = this.ready;
    const pending = this.queue.length;
    this.end();
    this.clearQueue();
    this.drive();
    this.options.log.warn('gateway: subscriber too slow, closing its connection', {
      field: this.options.subscriber.field,
      org: this.options.subscriber.org,
      ready,
      pending,
      bufferedBytes: this.options.socket.bufferedAmount,
    });
    this.options.onTooSlow({
      message: `The subscriber fell behind (${ready} events ready that it did not take, ${pending} waiting in all) and was cut off; resubscribe with your last cursor`,
      extensions: { code: ErrorCode.SUBSCRIBER_TOO_SLOW },
    });
  }

  /** Drops what waits (nothing more is written). */
  private clearQueue() {
    for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) if (item.kind === 'event') item.queued = false;
    this.queue.clear();
    this.ready = 0;
  }

  private stopFeeding() {
    if (this.phase.name === 'replaying') this.phase.abort.abort();
    if (this.phase.name !== 'ended') this.remove();
    this.phase = { name: 'ended' };
  }

  /** Stops the stream (what is queued can still be written; callers drive() once they are done with the queue). */
  private end() {
    this.stopFeeding();
    this.queue.end();
  }
}

import type { Envelope } from './envelope.ts';

/** Where a consumed message sat in its topic: what subscription cursors are made of. */
export interface MessageMeta {
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (kept a string: offsets are 64-bit). */
  offset: string;
  /** Broker/append time, milliseconds since the epoch, as a decimal string. */
  timestamp: string;
  /**
   * Given to a consumer's handler: which attempt at the event this is
   * (1-based), and whether a failure now sends it to the DLQ. A handler that
   * shows progress (a request PENDING) can then say it gave up (FAILED).
   */
  attempt?: number;
  lastAttempt?: boolean;
}

export type EventHandler = (event: Envelope, meta: MessageMeta) => Promise<void>;

/** One event of a batch, with where it sat. */
export interface BatchItem {
  event: Envelope;
  meta: MessageMeta;
}

/**
 * Applies consecutive events of one partition at once, in their order: how
 * a consumer takes a backlog in one transaction instead of one per event.
 * Resolves with how many leading events it handled (all of them when it
 * resolves with nothing); the transport gives the first one it left to
 * `handler` alone, then offers a batch again from the next: how a consumer
 * keeps an event out of batches (one that calls another product first).
 * Throwing means none was applied, and the transport hands the same events
 * to `handler` one at a time (with its retries, parking and dead letters),
 * so an event that would succeed alone never fails for a neighbour's sake.
 */
export type BatchHandler = (items: readonly BatchItem[]) => Promise<number | void>;

export interface ConsumeOptions {
  /** The consumer's name: its Kafka group id, and how DLQ entries name it. */
  groupId: string;
  topics: string[];
  /**
   * Where a group with no committed position starts. Default `true`: a
   * backend consumer must not miss what was published before it first ran.
   */
  fromBeginning?: boolean;
  handler: EventHandler;
  /**
   * Takes runs of at least two valid events at once (see `BatchHandler`);
   * events waiting for a retry, and invalid ones, always go to `handler`.
   * Default none: every event goes to `handler`.
   */
  batchHandler?: BatchHandler;
  /** The most events one `batchHandler` call takes. Default 100. */
  maxBatch?: number;
  /** Attempts of a handler that throws before the event goes to the DLQ. Default 5. */
  maxAttempts?: number;
  /** First retry delay in ms, doubled each attempt. Default 100. */
  retryDelayMs?: number;
  /**
   * A consumer of this process alone (a group id unique to the process, such
   * as the gateway's subscription fan-out), not a backend consumer. Default
   * false. It starts at the end of its topics (`fromBeginning` is ignored);
   * its positions are kept in the process, not committed: whenever it
   * rejoins its group (after a crash, a broker restart) it resumes exactly
   * after the last message this process handled; its group is deleted from
   * the broker when it stops.
   */
  ephemeral?: boolean;
  /**
   * Called when the transport gives up on an event, before its letter is
   * written to `<topic>.dlq`: with the letter and, when the message was a
   * valid event, its envelope. How a consumer runtime records its dead
   * letters where the graph can list them. Throwing makes the transport
   * deliver the message again, as a failed DLQ write does. Default none.
   */
  onDeadLetter?: (letter: DeadLetter, event: Envelope | undefined) => Promise<void>;
  /**
   * Whether a handler's error says the consumer itself cannot work right now
   * (its service's own database is away) rather than that the event failed:
   * such an attempt is tried again (every `UNAVAILABLE_RETRY_MS`) without
   * counting against `maxAttempts`, so an outage of the service's own
   * database never dead-letters an event (nor could it record the dead
   * letter). Default: every error counts.
   */
  isUnavailable?: (error: unknown) => boolean;
  /**
   * Told how many messages of a partition wait behind the one being handled
   * (the partition's high watermark less the next offset to handle), as each
   * fetched batch is handled: the consumer lag metrics read it. Kafka only.
   */
  onLag?: (lag: PartitionLag) => void;
}

/** Messages of a partition not yet handled by a consumer group. */
export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** Where a partition's log starts and ends. */
export interface PartitionOffsets {
  partition: number;
  /** The oldest offset still stored (older ones were removed by retention), as a decimal string. */
  low: string;
  /** The offset the next message will get: one past the last one. */
  high: string;
}

export interface ReplayOptions {
  topic: string;
  partition: number;
  /** The first offset to deliver (decimal string). */
  fromOffset: string;
  /** The offset to stop before, typically a `high` read from `offsets()` a moment earlier. */
  untilOffset: string;
  /**
   * Called for each event of the range, in offset order, and awaited (a slow
   * handler slows the replay, nothing is buffered). Messages that are not
   * valid events are skipped: the topic's consumers dead-letter them.
   */
  handler: EventHandler;
  /** Ends the replay early; `replay` then resolves. */
  signal?: AbortSignal;
}

/** `replay` from an offset retention has already removed. */
export class OffsetOutOfRangeError extends Error {
  override readonly name = 'OffsetOutOfRangeError';
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    readonly low: string,
  ) {
    super(`offset ${offset} of ${topic}/${partition} is no longer stored (the oldest is ${low})`);
  }
}

export interface DeadLetterConsumeOptions {
  groupId: string;
  /** The topic whose dead letters to read (its `.dlq` is read). */
  topic: string;
  /** Default true. */
  fromBeginning?: boolean;
  handler: (letter: DeadLetter, meta: MessageMeta) => Promise<void>;
}

export interface BusConsumer {
  /** Stops consuming; an event being handled is finished first. */
  stop(): Promise<void>;
}

/**
 * The Bus: CloudEvents on `onestack.<product>.events` topics keyed by org id.
 * Two transports implement it: Kafka (`createKafkaBus`) and in-process
 * (`createMemoryBus`, the embedded default).
 */
export interface Bus {
  readonly kind: 'kafka' | 'memory';
  /** Validates and publishes events in order; resolves once the transport has them. */
  publish(topic: string, events: Envelope | readonly Envelope[]): Promise<void>;
  /**
   * Publishes a message as it is, unvalidated. For simulators and tests that
   * must put malformed input on a topic; production code uses `publish`.
   */
  publishRaw(topic: string, key: string | null, value: string): Promise<void>;
  consume(options: ConsumeOptions): Promise<BusConsumer>;
  /**
   * Reads a dead-letter topic (`<topic>.dlq`): what an operator's tool or the
   * admins' failed-events view uses. Letters are delivered as written, with
   * no validation and no further dead-lettering.
   */
  consumeDeadLetters(options: DeadLetterConsumeOptions): Promise<BusConsumer>;
  /** The stored range of each partition of a topic (what a replay can read). */
  offsets(topic: string): Promise<PartitionOffsets[]>;
  /**
   * Where a key's events of a topic stood at a time: the partition the key
   * is published to, the first offset there appended at or after
   * `timestampMs` (`high` when none is yet), and the partition's stored
   * range. How a subscription resumes from a time rather than a cursor.
   */
  offsetAt(topic: string, key: string, timestampMs: number): Promise<PartitionOffsets & { offset: string }>;
  /**
   * Reads a range of one partition again, outside any consumer group's
   * position: how a subscription resumes from a cursor. Resolves once every
   * offset of the range was read; rejects with `OffsetOutOfRangeError` when
   * `fromOffset` is older than what the partition still stores.
   */
  replay(options: ReplayOptions): Promise<void>;
  close(): Promise<void>;
}

/** What a consumer writes to `<topic>.dlq` for an event it gave up on. */
export interface DeadLetter {
  reason: string;
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The message value exactly as received. */
  value: string | null;
  failedAt: string;
}

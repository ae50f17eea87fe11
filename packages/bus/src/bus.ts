import type { Envelope } from './envelope.ts';

/** Where a consumed message sat in its topic: what subscription cursors are made of. */
export interface MessageMeta {
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (kept a string: offsets are 64-bit). */
  offset: string;
  /** Broker/append time, milliseconds since the epoch, as a decimal string. */
  timestamp: string;
}

export type EventHandler = (event: Envelope, meta: MessageMeta) => Promise<void>;

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
  /** Attempts of a handler that throws before the event goes to the DLQ. Default 5. */
  maxAttempts?: number;
  /** First retry delay in ms, doubled each attempt. Default 100. */
  retryDelayMs?: number;
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

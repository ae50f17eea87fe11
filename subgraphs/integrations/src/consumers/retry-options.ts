/**
 * How a consumer that calls another product retries while that product is
 * down: the Bus runs the handler up to `maxAttempts` times, waiting
 * `retryDelayMs`, doubled each attempt, in between; then the event is
 * dead-lettered. Tests shorten both to play an outage in a second or two.
 */
export interface ConsumerRetryOptions {
  /** Handler attempts before the event is dead-lettered (each consumer documents its default). */
  maxAttempts?: number;
  /** First retry delay in ms, doubled each attempt (each consumer documents its default). */
  retryDelayMs?: number;
}

import type { ConsumeOptions } from '@onegraph/bus';

/**
 * How a consumer that calls another product retries while that product is
 * down: the Bus' own `maxAttempts` and `retryDelayMs` (each consumer
 * documents its defaults), passed through. Tests shorten both to play an
 * outage in a second or two.
 */
export type ConsumerRetryOptions = Pick<ConsumeOptions, 'maxAttempts' | 'retryDelayMs'>;

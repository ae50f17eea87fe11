import { GraphQLError } from 'graphql';
import { ErrorCode } from '@onegraph/errors';

/**
 * A call to another product failed. `retryable` says whether the same call
 * may succeed later (the product was down, slow or overloaded: code
 * SERVICE_UNAVAILABLE) or not (it refused the request: code
 * DOWNSTREAM_SERVICE_ERROR, with its HTTP status). Both codes are
 * client-safe: a mutation that needed the product fails with this error as
 * it is, and nothing is written.
 */
export class ProductCallError extends GraphQLError {
  readonly product: string;
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(product: string, message: string, options: { retryable: boolean; status?: number | undefined; cause?: unknown }) {
    super(message, {
      extensions: {
        code: options.retryable ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.DOWNSTREAM_SERVICE_ERROR,
        product,
        retryable: options.retryable,
        ...(options.status !== undefined ? { status: options.status } : {}),
      },
      ...(options.cause instanceof Error ? { originalError: options.cause } : {}),
    });
    this.name = 'ProductCallError';
    this.product = product;
    this.retryable = options.retryable;
    this.status = options.status;
  }
}

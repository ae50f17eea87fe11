/**
 * The one list of error codes One Graph returns, in `extensions.code` of a
 * GraphQL error or the `code` of an HTTP error body. Apollo's names are reused
 * where they fit so that generic clients recognise them. Documented in
 * `docs/errors.md`; a code, once published, never changes meaning.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  PERSISTED_QUERY_NOT_ALLOWED: 'PERSISTED_QUERY_NOT_ALLOWED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  STALE_VERSION: 'STALE_VERSION',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  EMAIL_NOT_PERMITTED: 'EMAIL_NOT_PERMITTED',
  RATE_LIMITED: 'RATE_LIMIT_EXCEEDED',
  DOWNSTREAM_SERVICE_ERROR: 'DOWNSTREAM_SERVICE_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SUBSCRIBER_TOO_SLOW: 'SUBSCRIBER_TOO_SLOW',
  CURSOR_EXPIRED: 'CURSOR_EXPIRED',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The HTTP status that goes with a code when the error ends a whole request. */
export const httpStatusOf: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  PAYLOAD_TOO_LARGE: 413,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PERSISTED_QUERY_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_VERSION: 409,
  INVALID_TRANSITION: 409,
  // the recipient's consent forbids the email (do-not-email, unsubscribed, bounced)
  EMAIL_NOT_PERMITTED: 409,
  RATE_LIMIT_EXCEEDED: 429,
  DOWNSTREAM_SERVICE_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
  // ends a graphql-ws subscription, not an HTTP request
  SUBSCRIBER_TOO_SLOW: 500,
  // refuses a graphql-ws subscription's resumption, not an HTTP request
  CURSOR_EXPIRED: 410,
  // refuses a graphql-ws subscription beyond the caps on open subscriptions, not an HTTP request
  TOO_MANY_SUBSCRIPTIONS: 429,
};

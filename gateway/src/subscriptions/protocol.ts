import { CloseCode as GraphqlWsCloseCode, type ExecutionResult } from 'graphql-ws';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Every WebSocket close code a gateway connection can end with: ours, and
 * those graphql-ws sends on the gateway's behalf (its protocol's). Clients
 * tell them apart: graphql-ws clients retry on 1013 and on none of the
 * 44xx codes.
 */
export const CloseCode = {
  /** A message graphql-ws could not read (graphql-ws). */
  BadRequest: GraphqlWsCloseCode.BadRequest,
  /**
   * The credentials expired, stopped verifying, or a renewal's did not
   * verify (ours, as graphql-ws' Unauthorized; graphql-ws also sends it for
   * a subscribe before the connection was acknowledged).
   */
  Unauthorized: GraphqlWsCloseCode.Unauthorized,
  /**
   * Refused at connect (graphql-ws, when authentication fails), or a renewal
   * presented another identity (ours): a new identity needs a new
   * connection, so that every subscription is checked again.
   */
  Forbidden: GraphqlWsCloseCode.Forbidden,
  /** No `connection_init` in time (graphql-ws). */
  ConnectionInitialisationTimeout: GraphqlWsCloseCode.ConnectionInitialisationTimeout,
  /** A subscription id already in use on the connection (graphql-ws). */
  SubscriberAlreadyExists: GraphqlWsCloseCode.SubscriberAlreadyExists,
  /** A second `connection_init` (graphql-ws). */
  TooManyInitialisationRequests: GraphqlWsCloseCode.TooManyInitialisationRequests,
  /** The `graphql-transport-ws` subprotocol was not offered (graphql-ws). */
  SubprotocolNotAcceptable: GraphqlWsCloseCode.SubprotocolNotAcceptable,
  /** An unexpected failure (graphql-ws). */
  InternalServerError: GraphqlWsCloseCode.InternalServerError,
  /**
   * A subscriber too slow for its events, cut off (ours): 1013 "Try Again
   * Later". graphql-ws clients retry on it, so a client that keeps its last
   * cursor in its subscribe payload resumes without a gap.
   */
  TryAgainLater: 1013,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The close code of a connection whose credentials expired or stopped verifying. */
export const CREDENTIALS_EXPIRED_CLOSE_CODE = CloseCode.Unauthorized;
/** The close code of a connection whose renewal presented another identity. */
export const RENEWAL_FORBIDDEN_CLOSE_CODE = CloseCode.Forbidden;

/** A result as Apollo returns it (already formatted and masked for clients): what a subscriber receives. */
export interface Payload {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/**
 * An error Apollo already formatted (and masked) for clients, handed to
 * graphql-ws, which types results with `GraphQLError` and sends each
 * error's `toJSON()`: this one sends the formatted error exactly as it is.
 */
export class FormattedError extends GraphQLError {
  constructor(private readonly formatted: GraphQLFormattedError) {
    super(formatted.message, formatted.extensions ? { extensions: formatted.extensions } : {});
  }

  override toJSON(): GraphQLFormattedError {
    return this.formatted;
  }
}

/** A formatted result typed as graphql-ws takes it (see `FormattedError`). */
export function forGraphqlWs(result: Payload): ExecutionResult {
  const { errors, ...rest } = result;
  return errors ? { ...rest, errors: errors.map((error) => new FormattedError(error)) } : rest;
}

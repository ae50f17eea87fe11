import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, isClientSafe } from '@onegraph/errors';

interface ErrorLog {
  error(message: string, detail?: Record<string, unknown>): void;
}

const apolloRequestCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const clientCodes = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));

/**
 * Whether an error is a subgraph's coded error passed on by Apollo Gateway:
 * the gateway hands over the subgraph's error as a plain object (not an
 * Error) carrying the code. Subgraphs mask their own unexpected errors, so a
 * known code from them is as safe to show as one thrown here.
 */
function fromSubgraph(original: unknown, code: string): boolean {
  if (original instanceof Error || typeof original !== 'object' || original === null) return false;
  const extensions = (original as { extensions?: Record<string, unknown> }).extensions;
  return clientCodes.has(code) && extensions?.['code'] === code;
}

/**
 * Apollo's `formatError`: coded errors pass as they are; anything else is an
 * unexpected failure, masked to INTERNAL_SERVER_ERROR with an error id the
 * client can quote, while the log gets the whole error under the same id.
 * No stack trace or SQL text ever reaches a client.
 */
export function maskErrors(log: ErrorLog) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.['code'];
    if (isClientSafe(original) || (typeof code === 'string' && (apolloRequestCodes.has(code) || fromSubgraph(original, code)))) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const errorId = randomUUID();
    log.error('unexpected error', {
      errorId,
      path: formatted.path,
      error: original instanceof Error ? { message: original.message, stack: original.stack } : String(original),
    });
    const masked: GraphQLFormattedError = {
      message: 'Internal server error',
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId },
    };
    return formatted.path ? { ...masked, path: formatted.path, ...(formatted.locations ? { locations: formatted.locations } : {}) } : masked;
  };
}

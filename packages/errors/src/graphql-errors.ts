import { GraphQLError } from 'graphql';
import { ErrorCode } from './codes.ts';

/** Extra, client-safe detail carried next to the code (field names, ids). */
export type ErrorDetails = Record<string, unknown>;

/** A GraphQL error with a stable `extensions.code`: the only way expected failures reach clients. */
export function codedError(code: ErrorCode, message: string, details?: ErrorDetails): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

export const badInput = (message: string, details?: ErrorDetails) => codedError(ErrorCode.BAD_USER_INPUT, message, details);
export const notFound = (what: string, id: string) => codedError(ErrorCode.NOT_FOUND, `${what} ${id} was not found`, { id });
export const unauthenticated = (message = 'Authentication required') => codedError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Not allowed') => codedError(ErrorCode.FORBIDDEN, message);

/** The code of an error, or undefined for an unexpected one. */
export function codeOf(error: unknown): string | undefined {
  if (error instanceof GraphQLError) {
    const code = error.extensions['code'];
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/**
 * Whether an error may be shown to a client as it is. Anything without one of
 * our codes is masked to INTERNAL_SERVER_ERROR (its detail goes to the log).
 */
export function isClientSafe(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && knownCodes.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}

import { GraphQLError } from 'graphql';
import { codeOf, ErrorCode } from '@onegraph/errors';
import type { Authenticate } from '../../auth.ts';
import type { RequestHook } from '../../plugin.ts';

/**
 * The first request hook: finds the caller from the request's credentials,
 * before rate limits and persisted operations, which depend on who it is.
 * A credential that does not verify is refused with its code (401 with
 * `WWW-Authenticate: Bearer`, 429 with `Retry-After` for a source with too
 * many failed authentications, or e.g. 503 when a verifier is unreachable).
 */
export function authenticationHook(authenticate: Authenticate): RequestHook {
  return async (request) => {
    try {
      request.principal = await authenticate(request.credentials, request.req.socket.remoteAddress);
      return undefined;
    } catch (error) {
      const code = (codeOf(error) as ErrorCode | undefined) ?? ErrorCode.UNAUTHENTICATED;
      return { refuse: code, message: (error as Error).message, ...refusalHeaders(code, error) };
    }
  };
}

function refusalHeaders(code: ErrorCode, error: unknown): { headers?: Record<string, string> } {
  if (code === ErrorCode.UNAUTHENTICATED) return { headers: { 'www-authenticate': 'Bearer' } };
  const retryAfterSec = error instanceof GraphQLError ? error.extensions['retryAfterSec'] : undefined;
  if (code === ErrorCode.RATE_LIMITED && typeof retryAfterSec === 'number') return { headers: { 'retry-after': String(retryAfterSec) } };
  return {};
}

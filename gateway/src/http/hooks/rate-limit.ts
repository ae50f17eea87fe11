import type { GraphqlRequest, RequestHook } from '../../plugin.ts';
import type { Caller, OperationAdmission } from '../../security/operation-admission.ts';

/** The caller of an HTTP request, as the operation admission sees every caller. */
export const callerOf = (request: GraphqlRequest): Caller => ({
  principal: request.principal,
  credentials: request.credentials,
  address: request.req.socket.remoteAddress,
});

/**
 * The last request hook: counts the request's first operation against the
 * caller's rate limit before its body is read (a batch's others are counted
 * once it is parsed: graphql route). Answers with the `X-RateLimit-*`
 * headers, and RATE_LIMITED with `Retry-After` beyond the limit.
 */
export function rateLimitHook(admission: OperationAdmission): RequestHook {
  return async (request) => {
    const { headers, refusal } = await admission.charge(callerOf(request), 1);
    for (const [header, value] of Object.entries(headers)) request.res.setHeader(header, value);
    return refusal;
  };
}

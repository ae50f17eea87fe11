import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header a request id travels in: returned on every gateway response, forwarded to subgraphs, logged as `requestId`. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming id may look like: anything else is replaced (it ends up in logs and headers). */
const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the caller's `X-Request-Id` when the caller is trusted
 * to set it (a load balancer or another service in front, see
 * `trustRequestId`) and it is a plain token of at most 128 characters; a
 * new UUID otherwise.
 */
export function requestIdOf(headers: IncomingHttpHeaders, trusted: boolean): string {
  if (trusted) {
    const sent = headers[REQUEST_ID_HEADER];
    const value = Array.isArray(sent) ? sent[0] : sent;
    if (value && acceptable.test(value)) return value;
  }
  return randomUUID();
}

/** A logger whose every line carries the request id a subgraph was sent (`X-Request-Id` from the gateway), or the logger itself without one. */
export function requestLog<L extends { child(bindings: Record<string, unknown>): L }>(log: L, header: string | string[] | undefined): L {
  const id = Array.isArray(header) ? header[0] : header;
  return id && acceptable.test(id) ? log.child({ requestId: id }) : log;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, requestIdOf } from '@onegraph/metrics';
import { currentLogFields, withLogFields } from '@onegraph/tracing';

/** The id given to each request the gateway serves (`identifyRequests`). */
const ids = new WeakMap<IncomingMessage, string>();

/**
 * Gives every HTTP request the gateway serves its id (the trusted caller's
 * `X-Request-Id`, or a new one: `requestIdOf`), returns it in `X-Request-Id`
 * on every answer, refusals and errors included, and serves the request with
 * `requestId` on every log line written while it is served, by any logger
 * (`withLogFields`): GraphQL over HTTP and SSE, MCP, the widget alike.
 */
export function identifyRequests(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  trustRequestId: boolean,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const requestId = requestIdOf(req.headers, trustRequestId);
    ids.set(req, requestId);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    withLogFields({ requestId }, () => listener(req, res));
  };
}

/** The id `identifyRequests` gave a request (a new one for a request it did not see). */
export function requestIdFor(req: IncomingMessage): string {
  let id = ids.get(req);
  if (!id) ids.set(req, (id = requestIdOf(req.headers, false)));
  return id;
}

/** The id of the request (or graphql-ws message, MCP call) being served here; undefined outside one. */
export function currentRequestId(): string | undefined {
  return currentLogFields()?.['requestId'];
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { codeOf, ErrorCode, isClientSafe } from '@onegraph/errors';
import { sendError } from './apollo-handler.ts';

/** One HTTP endpoint: a path and what answers it. */
export interface Route {
  /** Names the route in logs. */
  name: string;
  /** An exact path (`/health`), or a prefix ending in `/` (`/widget/`) that matches everything below it. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

interface RouterLog {
  error(message: string, detail?: Record<string, unknown>): void;
}

/**
 * A `node:http` request listener over routes, with the one error path every
 * route shares: a coded error thrown by a route is answered with its code
 * and message (and status); anything else is logged and answered
 * INTERNAL_SERVER_ERROR, unless the route already started its answer. An
 * unknown path is NOT_FOUND. Exact paths win over prefixes; routes are
 * matched in the order given.
 */
export function createRouter(routes: readonly Route[], log: RouterLog): (req: IncomingMessage, res: ServerResponse) => void {
  const exact = new Map<string, Route>();
  const prefixes: Route[] = [];
  for (const route of routes) {
    if (route.path.endsWith('/')) prefixes.push(route);
    else if (exact.has(route.path)) throw new Error(`two routes for ${route.path}: ${exact.get(route.path)!.name} and ${route.name}`);
    else exact.set(route.path, route);
  }
  const fail = (route: Route, res: ServerResponse, error: unknown) => {
    if (isClientSafe(error) && !res.headersSent) {
      const code = codeOf(error) as ErrorCode;
      return sendError(res, code, (error as Error).message, code === ErrorCode.UNAUTHENTICATED ? { 'www-authenticate': 'Bearer' } : {});
    }
    log.error('gateway: request failed', { route: route.name, error: (error as Error | undefined)?.message ?? String(error) });
    if (!res.headersSent) sendError(res, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  };
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = exact.get(path) ?? prefixes.find((r) => path.startsWith(r.path));
    if (!route) return sendError(res, ErrorCode.NOT_FOUND, 'Not found');
    try {
      const answered = route.handle(req, res);
      if (answered) answered.catch((error: unknown) => fail(route, res, error));
    } catch (error) {
      fail(route, res, error);
    }
  };
}

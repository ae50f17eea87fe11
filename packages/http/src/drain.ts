import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/**
 * The first step of a graceful shutdown behind a load balancer. Once
 * `begin()` is called the server is draining: `check()` (a readiness check:
 * `/ready` answers 503 with it) reports it, so the balancer stops sending new
 * connections here, and every response not yet started, those in flight
 * included, carries `Connection: close`, so a keep-alive connection ends
 * after its current response and the client's next request opens a new
 * connection, which the balancer sends to another instance. The server
 * still accepts and serves meanwhile; `stop()` is the second step.
 */
export interface Drain {
  readonly draining: boolean;
  begin(): void;
  /** A readiness check: the reason while draining, undefined before. */
  check(): string | undefined;
  /**
   * The second step: stops accepting and resolves once every connection has
   * ended: those in flight after their response (`Connection: close`), idle
   * keep-alive ones at the server's keep-alive timeout. Clients know that
   * timeout (`Keep-Alive: timeout=5`) and stop reusing a connection before
   * it, whereas closing an idle connection at once (what `server.close()`
   * does) races a client that is just sending a request on it: the request
   * fails with "other side closed". After `graceMs` (default the keep-alive
   * timeout plus 2 s) what is left is cut (a stream, a slow client).
   */
  stop(graceMs?: number): Promise<void>;
}

export function drainable(server: Server): Drain {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  // before the service's own handler, so that even a response it sends at once carries the header
  server.prependListener('request', (_req, res) => {
    if (draining) return closeAfter(res);
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return {
    get draining() {
      return draining;
    },
    begin() {
      if (draining) return;
      draining = true;
      for (const res of inFlight) closeAfter(res);
      inFlight.clear();
    },
    check: () => (draining ? 'shutting down: draining its connections' : undefined),
    async stop(graceMs = server.keepAliveTimeout + 2_000) {
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        // net's close, not http's: that one also ends the idle keep-alive connections at once
        NetServer.prototype.close.call(server, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

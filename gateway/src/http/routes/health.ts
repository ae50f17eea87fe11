import type { Route } from '@onegraph/http';

/** `GET /health`: 200 `{"status":"ok"}` once a supergraph is loaded, 503 `{"status":"starting"}` before. */
export function healthRoute(ready: () => boolean): Route {
  return {
    name: 'health',
    path: '/health',
    handle(_req, res) {
      const ok = ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ok ? 'ok' : 'starting' }));
    },
  };
}

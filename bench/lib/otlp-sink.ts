import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Where the traced gateways of the benchmark send their spans: an OTLP/HTTP
 * endpoint on a free port that reads each export whole and answers 200, as a
 * collector would (it keeps nothing, so its own cost stays small and constant).
 */
let server: Server | undefined;
let url: string | undefined;
/** Spans exports received, for the log line after a run. */
export let otlpExports = 0;

export async function startOtlpSink(): Promise<string> {
  if (url) return url;
  server = createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      otlpExports++;
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return url;
}

/** The sink's URL; throws when it was not started (the runner starts it before any traced gateway). */
export function otlpSinkUrl(): string {
  if (!url) throw new Error('the OTLP sink is not started');
  return url;
}

export async function stopOtlpSink(): Promise<void> {
  const s = server;
  server = url = undefined;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
}

/**
 * A round-robin TCP balancer in front of several instances of one service, as a Kubernetes
 * Service or an L4 load balancer fronts them in production: each new connection goes to the next
 * instance, and one that refuses the connection (killed, restarting) is skipped. Connections
 * already open to an instance that dies are closed, and the client's next connection goes to a
 * live one. HTTP-agnostic on purpose: keep-alive, WebSocket upgrades and request bodies pass
 * through untouched. With `readyPath`, it probes each instance's readiness (as Kubernetes takes a
 * pod out of a Service's endpoints) and sends new connections only to ready ones: an instance
 * draining for a graceful shutdown answers 503 there and gets no new connection. When none is
 * ready (the database away for all of them, say), every instance gets connections again: their
 * own answers then say what is wrong.
 */
import { request } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';

export interface TcpBalancer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface TcpBalancerOptions {
  /** A fixed port; default a free one. */
  port?: number | undefined;
  /** An HTTP path answering 2xx when the instance takes traffic (`/ready`); default none: every instance that accepts is used. */
  readyPath?: string | undefined;
  /** How often each instance's readiness is probed, in ms. Default 250. */
  probeIntervalMs?: number;
}

/** One probe of `GET http://target/path`: whether it answered 2xx within the timeout. */
function probe(target: string, path: string, timeoutMs: number): Promise<boolean> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Listens on 127.0.0.1 and spreads connections over `upstreams` (`host:port`). */
export async function startTcpBalancer(upstreams: readonly string[], options: TcpBalancerOptions = {}): Promise<TcpBalancer> {
  if (upstreams.length === 0) throw new Error('a balancer needs at least one upstream');
  const port = options.port ?? 0;
  let next = 0;
  const open = new Set<Socket>();
  // readiness per upstream: unknown until probed counts as ready
  const notReady = new Set<string>();
  let probing: NodeJS.Timeout | undefined;
  const readyPath = options.readyPath;
  if (readyPath) {
    const interval = options.probeIntervalMs ?? 250;
    const inFlight = new Set<string>();
    probing = setInterval(() => {
      for (const target of upstreams) {
        if (inFlight.has(target)) continue;
        inFlight.add(target);
        void probe(target, readyPath, Math.max(1_000, interval * 5)).then((ok) => {
          inFlight.delete(target);
          if (ok) notReady.delete(target);
          else notReady.add(target);
        });
      }
    }, interval);
    probing.unref();
  }

  /** Connects to the next ready upstream that accepts (any that accepts when none is ready), trying each once; null when none does. */
  function dial(attempt = 0): Promise<Socket | null> {
    const ready = upstreams.filter((u) => !notReady.has(u));
    const candidates = ready.length > 0 ? ready : upstreams;
    if (attempt >= candidates.length) return Promise.resolve(null);
    const target = candidates[next++ % candidates.length]!;
    const [host, portText] = [target.slice(0, target.lastIndexOf(':')), target.slice(target.lastIndexOf(':') + 1)];
    return new Promise((resolve) => {
      const socket = connect({ host, port: Number(portText) });
      const fail = () => {
        socket.destroy();
        resolve(dial(attempt + 1));
      };
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.off('error', fail);
        resolve(socket);
      });
    });
  }

  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    void dial().then((upstream) => {
      if (!upstream) {
        client.destroy();
        return;
      }
      open.add(upstream);
      upstream.on('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const close = () =>
    new Promise<void>((resolve) => {
      clearInterval(probing);
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${bound}`, port: bound, close, [Symbol.asyncDispose]: close };
}

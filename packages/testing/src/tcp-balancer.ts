/**
 * A round-robin TCP balancer in front of several instances of one service, as a Kubernetes
 * Service or an L4 load balancer fronts them in production: each new connection goes to the next
 * instance, and one that refuses the connection (killed, restarting) is skipped. Connections
 * already open to an instance that dies are closed, and the client's next connection goes to a
 * live one. HTTP-agnostic on purpose: keep-alive, WebSocket upgrades and request bodies pass
 * through untouched.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpBalancer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (`port`, default a free one) and spreads connections over `upstreams` (`host:port`). */
export async function startTcpBalancer(upstreams: readonly string[], port = 0): Promise<TcpBalancer> {
  if (upstreams.length === 0) throw new Error('a balancer needs at least one upstream');
  let next = 0;
  const open = new Set<Socket>();

  /** Connects to the next upstream that accepts, trying each once; null when none does. */
  function dial(attempt = 0): Promise<Socket | null> {
    if (attempt >= upstreams.length) return Promise.resolve(null);
    const target = upstreams[next++ % upstreams.length]!;
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
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${bound}`, port: bound, close, [Symbol.asyncDispose]: close };
}

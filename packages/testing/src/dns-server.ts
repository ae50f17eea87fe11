import { createSocket } from 'node:dgram';
import { once } from 'node:events';

/** A DNS server on 127.0.0.1 answering TXT queries from a table the test fills. */
export interface TestDnsServer extends AsyncDisposable {
  /** `127.0.0.1:<port>`, as a resolver's server list takes it. */
  readonly address: string;
  /** Publishes (replacing) the TXT records of a name; an empty list removes them. */
  setTxt(name: string, values: readonly string[]): void;
  /** The names queried so far, in order. */
  readonly queries: readonly string[];
  close(): Promise<void>;
}

/**
 * Starts a real DNS server (UDP, RFC 1035 wire format) on 127.0.0.1 and a
 * free port. It answers TXT questions for the names it was given and
 * NXDOMAIN for the rest; other types get an empty answer.
 */
export async function startTestDnsServer(): Promise<TestDnsServer> {
  const records = new Map<string, string[]>();
  const queries: string[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (msg, peer) => {
    if (msg.length < 12) return;
    // the question: labels, then type and class
    let offset = 12;
    const labels: string[] = [];
    while (offset < msg.length && msg[offset] !== 0) {
      const length = msg[offset]!;
      labels.push(msg.subarray(offset + 1, offset + 1 + length).toString('ascii'));
      offset += length + 1;
    }
    const questionEnd = offset + 5;
    const qtype = msg.readUInt16BE(offset + 1);
    const name = labels.join('.').toLowerCase();
    queries.push(name);
    const values = records.get(name);
    const answers = qtype === 16 && values ? values : [];
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(0x8180 | (values ? 0 : 3), 2); // response, recursion desired + available; NXDOMAIN when unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const parts = [header, msg.subarray(12, questionEnd)];
    for (const value of answers) {
      // TXT data: character-strings of at most 255 bytes
      const chunks: Buffer[] = [];
      const bytes = Buffer.from(value, 'utf8');
      for (let i = 0; i < bytes.length || i === 0; i += 255) {
        const chunk = bytes.subarray(i, i + 255);
        chunks.push(Buffer.from([chunk.length]), chunk);
        if (bytes.length === 0) break;
      }
      const data = Buffer.concat(chunks);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      rr.writeUInt16BE(16, 2); // TXT
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(60, 6); // TTL
      rr.writeUInt16BE(data.length, 10);
      parts.push(rr, data);
    }
    socket.send(Buffer.concat(parts), peer.port, peer.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const address = `127.0.0.1:${socket.address().port}`;
  const close = () => new Promise<void>((resolve) => socket.close(() => resolve()));
  return {
    address,
    queries,
    setTxt(name, values) {
      const key = name.toLowerCase().replace(/\.$/, '');
      if (values.length === 0) records.delete(key);
      else records.set(key, [...values]);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

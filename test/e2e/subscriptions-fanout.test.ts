import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger, type Logger } from '@onegraph/log';
import type { Bus } from '@onegraph/bus';
import type { ExtraGateway } from '@onegraph/stack';
import { liveSubscribe, testKafkaBus, testKafkaLogin } from '@onegraph/testing';
import { useStack } from './fixture.ts';
import { COMPANY_ACTIVITY, logNotes } from './subscriptions-helpers.ts';

/** A logger that keeps what is logged, so a test can await a line (and stays quiet). */
function recordingLogger() {
  const lines: { msg: string; [key: string]: unknown }[] = [];
  const waiters: (() => void)[] = [];
  const log: Logger = createLogger('test', 'warn', (line) => {
    lines.push(JSON.parse(line) as { msg: string });
    for (const w of waiters.splice(0)) w();
  });
  return {
    log,
    async waitFor(msg: string, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!lines.some((l) => l.msg === msg)) {
        if (Date.now() > deadline) throw new Error(`no "${msg}" logged`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now());
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

describe('fan-out over several gateway instances and slow subscribers, on real Kafka', () => {
  const logs = recordingLogger();
  const secondBus = { bus: undefined as Bus | undefined };
  // registered before the stack's, so it runs after the stack closed (and with it the second gateway, which consumes through this Bus)
  afterAll(async () => {
    await secondBus.bus?.close();
  });
  const stack = useStack({ log: logs.log });
  let token: string;
  let second: ExtraGateway;
  let admin: ReturnType<Kafka['admin']>;

  beforeAll(async () => {
    // another process's gateway: its own Kafka client, same topics
    secondBus.bus = testKafkaBus({ namespace: stack.namespace });
    second = await stack.startAnotherGateway({ bus: secondBus.bus });
    token = await stack.token('demo');
    admin = new Kafka({
      ...testKafkaLogin('admin'),
      clientId: 'subscriptions-fanout-test',
      brokers: inject('kafkaBrokers').split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.disconnect();
  });

  /** The gateway consumer groups of this test's namespace on the broker. */
  const gatewayGroups = async () => (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${stack.namespace}onegraph-gateway-`));

  it('gives each event exactly once to every subscriber of two gateway instances, and deletes an instance’s group when it closes', async () => {
    const onFirst = [
      await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' } }),
      await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' } }),
    ];
    const onSecond = [
      await liveSubscribe(second.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' } }),
      await liveSubscribe(second.urls.graphql, await stack.token('demo', 'Viewer', 'user-viewer'), {
        query: 'subscription ($c: ID!) { companyActivity(companyId: $c) { id } }',
        variables: { c: 'cmp_acme' },
      }),
    ];
    const elsewhere = await liveSubscribe(second.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_brightline' } });

    // written through both instances
    const published = [...(await logNotes(stack, token, 'cmp_acme', 15, 'via first')), ...(await logNotes(second, token, 'cmp_acme', 15, 'via second'))];
    const all = [...onFirst, ...onSecond];
    for (const sub of all) await sub.waitFor(30);
    for (const sub of all) expect(sub.ids()).toEqual(published);
    // one more: a duplicate of any of the 30 would come before it in each subscriber's (ordered) stream
    const fence = await logNotes(stack, token, 'cmp_acme', 1, 'fence');
    for (const sub of all) await sub.waitFor(31);
    for (const sub of all) expect(sub.ids()).toEqual([...published, ...fence]);
    // a subscriber of another company of the organisation got none of them
    const other = await logNotes(stack, token, 'cmp_brightline', 1, 'elsewhere');
    await elsewhere.waitFor(1);
    expect(elsewhere.ids()).toEqual(other);
    for (const sub of [...all, elsewhere]) await sub.dispose();

    expect(await gatewayGroups()).toHaveLength(2);
    await second.gateway.close();
    expect(await gatewayGroups()).toHaveLength(1);
  });

  it('cuts off a subscriber that stops reading, with SUBSCRIBER_TOO_SLOW and close code 1013, while the others keep receiving', async () => {
    const gateway = await stack.startAnotherGateway({ subscriptions: { maxBufferedEvents: 10, slowCloseGraceMs: 60_000 } });
    const fast = await liveSubscribe(gateway.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_cobalt' } });

    // a raw graphql-transport-ws client, so that it can stop reading its socket
    const slow = new WebSocket(gateway.urls.graphql.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const frames: { id?: string; type: string; payload?: unknown }[] = [];
    let closeCode: number | undefined;
    const frameWaiters: (() => void)[] = [];
    slow.on('message', (data: Buffer) => {
      frames.push(JSON.parse(data.toString('utf8')) as { type: string });
      for (const w of frameWaiters.splice(0)) w();
    });
    slow.on('close', (code) => {
      closeCode = code;
      for (const w of frameWaiters.splice(0)) w();
    });
    const untilFrames = async (done: () => boolean) => {
      while (!done()) await new Promise<void>((resolve) => frameWaiters.push(resolve));
    };
    await new Promise<void>((resolve, reject) => {
      slow.once('open', resolve);
      slow.once('error', reject);
    });
    slow.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await untilFrames(() => frames.some((f) => f.type === 'connection_ack'));
    // a large selection (the note's body, 20 times over): a few events fill the socket's buffers
    const bodies = Array.from({ length: 20 }, (_, i) => `b${i}: body`).join(' ');
    slow.send(
      JSON.stringify({
        id: 'slow-1',
        type: 'subscribe',
        payload: { query: `subscription ($c: ID!) { companyActivity(companyId: $c) { id ${bodies} } }`, variables: { c: 'cmp_cobalt' } },
      }),
    );
    const body = 'x'.repeat(20_000);
    const note = async (summary: string) => {
      const res = await fetch(stack.urls.graphql, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation ($input: LogActivityInput!) { logActivity(input: $input) { id } }',
          variables: { input: { type: 'NOTE', summary, body, companyId: 'cmp_cobalt' } },
        }),
      });
      return ((await res.json()) as { data: { logActivity: { id: string } } }).data.logActivity.id;
    };
    // the subscription is live once it receives an event
    const first = await note('first');
    await untilFrames(() => frames.some((f) => f.type === 'next'));
    slow.pause();

    const published = [first];
    for (let i = 0; i < 60; i++) published.push(await note(`note ${i}`));
    await fast.waitFor(61);
    expect(fast.ids()).toEqual(published);
    await logs.waitFor('gateway: subscriber too slow, closing its connection');
    // the others keep receiving after the cut-off
    published.push(await note('after the cut-off'));
    await fast.waitFor(62);
    expect(fast.ids()).toEqual(published);

    // the slow client, reading again, finds what was sent before the cut-off, then the error and the close
    slow.resume();
    await untilFrames(() => closeCode !== undefined);
    const nexts = frames.filter((f) => f.type === 'next');
    expect(nexts.length).toBeGreaterThan(0);
    expect(nexts.length).toBeLessThan(published.length);
    expect(frames.find((f) => f.type === 'error')).toEqual({
      id: 'slow-1',
      type: 'error',
      payload: [expect.objectContaining({ extensions: { code: 'SUBSCRIBER_TOO_SLOW' } })],
    });
    expect(closeCode).toBe(1013);

    // nothing is lost for it: resuming from its last cursor gives the rest
    const lastCursor = (nexts.at(-1)!.payload as { extensions: { cursor: string } }).extensions.cursor;
    const resumed = await liveSubscribe(gateway.urls.graphql, token, {
      query: 'subscription ($c: ID!) { companyActivity(companyId: $c) { id } }',
      variables: { c: 'cmp_cobalt' },
      cursor: lastCursor,
    });
    await resumed.waitFor(published.length - nexts.length);
    expect(resumed.ids()).toEqual(published.slice(nexts.length));
    await resumed.dispose();
    await fast.dispose();
  });

  it('keeps a subscriber that reads normally through another user’s burst of mutations: a fast producer is not a slow reader', async () => {
    // a small allowance, so that a burst resolved more slowly than it arrives would exceed it many times over
    const gateway = await stack.startAnotherGateway({ subscriptions: { maxBufferedEvents: 10 } });
    const member = await stack.token('demo', 'Member', 'member-reading');
    const admin = await stack.token('demo', 'Admin', 'admin-bursting');
    const reader = await liveSubscribe(gateway.urls.graphql, member, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_cobalt' } });
    const first = await logNotes(stack, admin, 'cmp_cobalt', 1, 'before the burst');
    await reader.waitFor(1);

    // 200 notes, 25 at a time
    const burst: string[] = [];
    for (let round = 0; round < 8; round++)
      burst.push(...(await Promise.all(Array.from({ length: 25 }, () => logNotes(stack, admin, 'cmp_cobalt', 1, 'burst')))).flat());
    await reader.waitFor(201, 60_000);
    expect(reader.error).toBeUndefined();
    expect(reader.completed).toBe(false);
    expect(new Set(reader.ids())).toEqual(new Set([...first, ...burst]));
    await reader.dispose();
  });

  it('sends subscribers of one selection and scope the same payload bytes, each under its own subscription id, several subscriptions on one connection included', async () => {
    /** A raw graphql-transport-ws connection that keeps every frame as received. */
    const connect = async (credential: string) => {
      const socket = new WebSocket(stack.urls.graphql.replace(/^http/, 'ws'), 'graphql-transport-ws');
      const frames: string[] = [];
      const waiters: (() => void)[] = [];
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        // text frames, as graphql-ws clients (and browsers) expect them
        frames.push(isBinary ? 'a binary frame' : data.toString('utf8'));
        for (const w of waiters.splice(0)) w();
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      const until = async (done: () => boolean) => {
        while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
      };
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${credential}` } }));
      await until(() => frames.some((f) => JSON.parse(f).type === 'connection_ack'));
      return { socket, frames, until };
    };
    const query = 'subscription ($c: ID!) { companyActivity(companyId: $c) { id summary company { name } } }';
    // two users of the same role (one scope), the second with two subscriptions on its connection
    const first = await connect(token);
    const second = await connect(await stack.token('demo', 'Member', 'another-member'));
    const subscriptions = [
      { connection: first, id: 'first' },
      { connection: second, id: 'second "quoted"' },
      { connection: second, id: '3' },
    ];
    for (const { connection, id } of subscriptions)
      connection.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables: { c: 'cmp_brightline' } } }));
    const nexts = (connection: typeof first, id: string) =>
      connection.frames.filter((f) => {
        const message = JSON.parse(f) as { id?: string; type: string };
        return message.type === 'next' && message.id === id;
      });
    // live once each got an event
    const warmUp = await logNotes(stack, token, 'cmp_brightline', 1, 'warm-up');
    for (const { connection, id } of subscriptions) await connection.until(() => nexts(connection, id).length >= 1);
    const published = await logNotes(stack, token, 'cmp_brightline', 3, 'shared "payload"');
    for (const { connection, id } of subscriptions) await connection.until(() => nexts(connection, id).length >= 4);

    const received = subscriptions.map(({ connection, id }) => nexts(connection, id));
    for (const [i, { id }] of subscriptions.entries()) {
      const messages = received[i]!.map(
        (f) => JSON.parse(f) as { id: string; type: string; payload: { data: { companyActivity: { id: string } }; extensions: Record<string, string> } },
      );
      expect(messages.map((m) => m.payload.data.companyActivity.id)).toEqual([...warmUp, ...published]);
      for (const [j, message] of messages.entries()) {
        expect(message.id).toBe(id);
        // exactly what graphql-ws itself would have sent
        expect(received[i]![j]).toBe(JSON.stringify({ id, type: 'next', payload: message.payload }));
        expect(Object.keys(message.payload.extensions)).toEqual(['cursor', 'eventId']);
      }
    }
    const payloadBytes = (frames: string[]) => frames.map((f) => f.slice(f.indexOf(',"type":"next","payload":')));
    expect(payloadBytes(received[1]!)).toEqual(payloadBytes(received[0]!));
    expect(payloadBytes(received[2]!)).toEqual(payloadBytes(received[0]!));

    // completing one subscription of a connection leaves the other
    second.socket.send(JSON.stringify({ id: '3', type: 'complete' }));
    const after = await logNotes(stack, token, 'cmp_brightline', 1, 'after complete');
    await second.until(() => nexts(second, 'second "quoted"').length >= 5);
    await first.until(() => nexts(first, 'first').length >= 5);
    expect(nexts(second, '3')).toHaveLength(4);
    expect(
      (JSON.parse(nexts(second, 'second "quoted"').at(-1)!) as { payload: { data: { companyActivity: { id: string } } } }).payload.data.companyActivity.id,
    ).toBe(after[0]);
    for (const connection of [first, second]) {
      await new Promise<void>((resolve) => {
        connection.socket.once('close', () => resolve());
        connection.socket.close(1000);
      });
    }
  });
});

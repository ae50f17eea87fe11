import { Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { subgraphSdl } from '@onegraph/schema';
import { describe, expect, it, vi } from 'vitest';
import { createEnvelope, createMemoryBus, topicOf } from '@onegraph/bus';
import { silentLogger } from '@onegraph/log';
import { holdEarlyEvents } from '../src/subscriptions/early-events.ts';
import { startEventRouter } from '../src/subscriptions/event-router.ts';
import { SubscriptionStream, type SubscriptionStreamOptions } from '../src/subscriptions/subscription-stream.ts';
import type { Payload } from '../src/subscriptions/protocol.ts';
import type { EventRouter, RoutedEvent } from '../src/subscriptions/event-router.ts';
import { BatchResolver, batchQuery, splitResult, type BatchTemplate } from '../src/subscriptions/batch-resolution.ts';
import { BoundedQueue } from '../src/subscriptions/bounded-queue.ts';
import { decodeCursor, encodeCursor } from '../src/subscriptions/cursor.ts';
import { entityQuery, subscriptionRoot } from '../src/subscriptions/entity-query.ts';
import type { SubscriptionFieldSpec } from '../src/subscriptions/field-spec.ts';
import { crmSubscriptionFields as subscriptionFields } from '../src/onestack/crm-subscription-fields.ts';
import { stableStringify } from '../src/stable-stringify.ts';
import { createSharedResolutions } from '../src/subscriptions/shared-resolution.ts';

const activity = (org: string, companyId: string, n: number) =>
  createEnvelope({ type: 'crm.activity.logged', source: 'onegraph/crm', orgid: org, subject: `activity/${n}`, data: { activityId: `act_${n}`, companyId } });

const acmeSubscriber = () => ({ org: 'demo', field: 'companyActivity', spec: subscriptionFields['companyActivity']!, key: 'cmp_acme' });

type MemoryBus = ReturnType<typeof createMemoryBus>;

/** An in-process Bus with a started router, stopped after `test`. */
async function withRouter(test: (bus: MemoryBus, router: EventRouter) => Promise<void>) {
  const bus = createMemoryBus();
  const router = await startEventRouter({ bus, fields: subscriptionFields, log: silentLogger });
  try {
    await test(bus, router);
  } finally {
    await router.stop();
    await bus.close();
  }
}

/** A stream of Acme's activities with roomy limits; `options` override. */
const streamOf = (bus: MemoryBus, router: EventRouter, options: Partial<SubscriptionStreamOptions> & Pick<SubscriptionStreamOptions, 'resolve' | 'push'>) =>
  new SubscriptionStream({
    subscriber: acmeSubscriber(),
    router,
    bus,
    responseKey: 'companyActivity',
    limits: { maxBufferedEvents: 10, maxPendingEvents: 100, maxBufferedBytes: 1 << 20, writeAheadBytes: 64 * 1024, replayStallMs: 1_000 },
    socket: { bufferedAmount: 0 },
    onTooSlow: () => {},
    log: silentLogger,
    ...options,
  });

/** A push target that writes at once, keeping what was written. */
const writtenAtOnce = (sent: string[]) => ({
  subscriptionId: 's',
  send: (message: Buffer, done: (error?: Error) => void) => {
    sent.push(message.toString('utf8'));
    done();
  },
});

/** Whether a subscriber with `args` gets an event with `data`: the router's rule (same organisation assumed). */
const routes = (spec: SubscriptionFieldSpec, args: Record<string, unknown>, data: Record<string, unknown>) => spec.keysOf(data).includes(spec.keyOf(args));

describe('subscription cursors', () => {
  it('round-trip, and are opaque base64url', () => {
    const cursor = encodeCursor({ topic: 'onestack.crm.events', partition: 2, offset: '9007199254740993', timestamp: '1795930000000' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ topic: 'onestack.crm.events', partition: 2, offset: '9007199254740993', timestamp: '1795930000000' });
  });

  it('refuses anything this gateway did not write', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const bad of [
      undefined,
      42,
      '',
      'not a cursor!',
      encode({ v: 2, t: 'x', p: 0, o: '1' }),
      encode({ v: 1, t: 'x', p: -1, o: '1' }),
      encode({ v: 1, t: 'x', p: 0, o: '-1' }),
      encode({ v: 1, t: 'x', p: 0, o: '01' }),
      encode({ v: 1, t: '', p: 0, o: '1' }),
      encode([1, 2]),
    ]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });
});

describe('subscription field routing', () => {
  const { companyActivity, contactActivity, dealUpdated, pipelineUpdated } = subscriptionFields as Required<typeof subscriptionFields>;

  it('companyActivity and contactActivity filter on the activity’s company or contact', () => {
    const data = { activityId: 'act_1', companyId: 'cmp_a', contactId: 'con_j' };
    expect(routes(companyActivity!, { companyId: 'cmp_a' }, data)).toBe(true);
    expect(routes(companyActivity!, { companyId: 'cmp_b' }, data)).toBe(false);
    expect(routes(contactActivity!, { contactId: 'con_j' }, data)).toBe(true);
    expect(routes(contactActivity!, { contactId: 'con_j' }, { ...data, contactId: null })).toBe(false);
    expect(companyActivity!.entityId(data)).toBe('act_1');
  });

  it('dealUpdated filters on the deal, pipelineUpdated on pipeline and company, each optional', () => {
    const data = { dealId: 'deal_1', pipelineId: 'pl_1', companyId: 'cmp_a' };
    expect(routes(dealUpdated!, { dealId: 'deal_1' }, data)).toBe(true);
    expect(routes(dealUpdated!, { dealId: 'deal_2' }, data)).toBe(false);
    const cases: [Record<string, unknown>, boolean][] = [
      [{}, true],
      [{ pipelineId: null, companyId: null }, true],
      [{ pipelineId: 'pl_1' }, true],
      [{ pipelineId: 'pl_2' }, false],
      [{ companyId: 'cmp_a' }, true],
      [{ companyId: 'cmp_b' }, false],
      [{ pipelineId: 'pl_1', companyId: 'cmp_a' }, true],
      [{ pipelineId: 'pl_1', companyId: 'cmp_b' }, false],
      [{ pipelineId: 'pl_2', companyId: 'cmp_a' }, false],
    ];
    for (const [args, expected] of cases) expect([args, routes(pipelineUpdated!, args, data)]).toEqual([args, expected]);
    expect(pipelineUpdated!.eventTypes).toEqual(['crm.deal.created', 'crm.deal.updated', 'crm.deal.stage_changed', 'crm.deal.won', 'crm.deal.lost']);
    expect(pipelineUpdated!.entityId(data)).toBe('deal_1');
  });

  it('guards report what the caller cannot read', () => {
    expect(companyActivity!.guard!.missing({ result: null }, { companyId: 'cmp_x' })).toEqual(['Company', 'cmp_x']);
    expect(companyActivity!.guard!.missing({ result: { id: 'cmp_x' } }, { companyId: 'cmp_x' })).toBeUndefined();
    expect(pipelineUpdated!.guard!.variables({ companyId: 'cmp_a' })).toEqual({ pipelineId: '', companyId: 'cmp_a', byPipeline: false, byCompany: true });
    expect(pipelineUpdated!.guard!.missing({ company: null }, { companyId: 'cmp_a' })).toEqual(['Company', 'cmp_a']);
    expect(pipelineUpdated!.guard!.missing({}, {})).toBeUndefined();
  });
});

describe('the bounded queue between router and subscriber', () => {
  it('refuses what exceeds its capacity, hands items over in order, and lets a producer wait for room', async () => {
    const queue = new BoundedQueue<number>(2);
    expect(queue.push(1)).toBe(true);
    expect(queue.push(2)).toBe(true);
    expect(queue.push(3)).toBe(false);
    expect(queue.full).toBe(true);
    expect(await queue.waitForRoom(10)).toBe(false);
    const room = queue.waitForRoom(5_000);
    expect(await queue.next()).toEqual({ done: false, value: 1 });
    expect(await room).toBe(true);
    expect(queue.push(3)).toBe(true);
    queue.end(99);
    expect(queue.push(4)).toBe(false);
    const rest: number[] = [];
    for (let item = await queue.next(); !item.done; item = await queue.next()) rest.push(item.value);
    expect(rest).toEqual([2, 3, 99]);
  });

  it('resolves a waiting consumer at once', async () => {
    const queue = new BoundedQueue<string>(1);
    const next = queue.next();
    queue.push('a');
    expect(await next).toEqual({ done: false, value: 'a' });
    const ended = queue.next();
    queue.end();
    expect(await ended).toEqual({ done: true, value: undefined });
  });
});

describe('shared resolutions', () => {
  it('run once per key while recent, and again after a failure', async () => {
    const shared = createSharedResolutions<number>(60_000);
    let runs = 0;
    const resolve = async () => ++runs;
    expect(await Promise.all([shared.get('e1|q|scope', resolve), shared.get('e1|q|scope', resolve), shared.get('e2|q|scope', resolve)])).toEqual([1, 1, 2]);
    expect(shared.stats).toEqual({ resolved: 2, shared: 1 });
    await expect(shared.get('e3', async () => Promise.reject(new Error('subgraph down')))).rejects.toThrow('subgraph down');
    expect(await shared.get('e3', resolve)).toBe(3);
    shared.stop();
  });

  it('keys variables independently of their order', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });
});

describe('batched resolution', () => {
  const document = parse(
    `subscription Live($c: ID!, $n: Int) { live: companyActivity(companyId: $c) { id ...F company { activities(first: $n) { edges { cursor } } } } } fragment F on Activity { summary }`,
  );
  const entity = entityQuery(document, subscriptionRoot(document)!, 'activity');

  it('loads several entities in one operation with the same selection under e0…eN', () => {
    expect(batchQuery(entity, 2).replace(/\s+/g, ' ')).toBe(
      'query Live($n: Int, $__e0: ID!, $__e1: ID!) { e0: activity(id: $__e0) { id ...F company { activities(first: $n) { edges { cursor } } } } e1: activity(id: $__e1) { id ...F company { activities(first: $n) { edges { cursor } } } } } fragment F on Activity { summary }',
    );
  });

  it('gives each event its part of the result, errors included, under the subscriber’s response key', () => {
    const result = {
      data: { e0: { id: 'a0' }, e1: null },
      errors: [
        { message: 'psa down', path: ['e1', 'company', 'psa'] },
        { message: 'everyone', extensions: { code: 'X' } },
      ],
    };
    expect(splitResult(result, 0, 'live')).toEqual({ data: { live: { id: 'a0' } }, errors: [{ message: 'everyone', extensions: { code: 'X' } }] });
    expect(splitResult(result, 1, 'live')).toEqual({
      data: { live: null },
      errors: [
        { message: 'psa down', path: ['live', 'company', 'psa'] },
        { message: 'everyone', extensions: { code: 'X' } },
      ],
    });
  });

  it('runs the entities asked in one I/O turn together, and halves batches the operation limits refuse', async () => {
    const template: BatchTemplate = { query: (size) => `batch of ${size}`, operationName: undefined, responseKey: 'live', maxSize: 16 };
    const runs: string[] = [];
    const resolver = new BatchResolver();
    const run = async (query: string, variables: Record<string, unknown>) => {
      runs.push(query);
      if (query === 'batch of 3') return { data: null, errors: [{ message: 'Aliases limit exceeded', extensions: { code: 'BAD_USER_INPUT' } }] };
      const ids = Object.keys(variables).filter((k) => k.startsWith('__e'));
      return { data: Object.fromEntries(ids.map((k) => [k.slice(2), { id: variables[k] }])) };
    };
    const payloads = await Promise.all(['a', 'b', 'c'].map((id) => resolver.resolve('group', template, {}, run, id)));
    expect(payloads).toEqual(['a', 'b', 'c'].map((id) => ({ data: { live: { id } } })));
    expect(runs).toEqual(['batch of 3', 'batch of 1', 'batch of 1', 'batch of 1']);
    expect(template.maxSize).toBe(1);
  });
});

describe('batches while one is running', () => {
  /** A run whose batches end when the test says so. */
  function heldRuns() {
    const runs: { ids: string[]; finish(): void }[] = [];
    const started: (() => void)[] = [];
    const run = (_query: string, variables: Record<string, unknown>) =>
      new Promise<{ data: Record<string, unknown> }>((resolve) => {
        const ids = Object.keys(variables)
          .filter((k) => k.startsWith('__e'))
          .map((k) => String(variables[k]));
        runs.push({ ids, finish: () => resolve({ data: Object.fromEntries(ids.map((id, i) => [`e${i}`, { id }])) }) });
        for (const wake of started.splice(0)) wake();
      });
    const untilRuns = async (n: number) => {
      while (runs.length < n) await new Promise<void>((resolve) => started.push(resolve));
    };
    return { runs, run, untilRuns };
  }

  it('collects the events that arrive while the group’s batch runs into the next one, and sends a full batch at once', async () => {
    const template: BatchTemplate = { query: (size) => `batch of ${size}`, operationName: undefined, responseKey: 'live', maxSize: 3 };
    const { runs, run, untilRuns } = heldRuns();
    const resolver = new BatchResolver();
    const resolve = (id: string) => resolver.resolve('group', template, {}, run, id);
    const first = resolve('a');
    await untilRuns(1);
    // arrive while [a] runs: they wait for it
    const waiting = ['b', 'c'].map(resolve);
    await new Promise((r) => setImmediate(r));
    expect(runs.map((r) => r.ids)).toEqual([['a']]);
    // a third makes a full batch: sent without waiting
    const full = [...waiting, resolve('d')];
    await untilRuns(2);
    expect(runs.map((r) => r.ids)).toEqual([['a'], ['b', 'c', 'd']]);
    const more = ['e', 'f'].map(resolve);
    runs[0]!.finish();
    expect(await first).toEqual({ data: { live: { id: 'a' } } });
    runs[1]!.finish();
    expect(await Promise.all(full)).toEqual(['b', 'c', 'd'].map((id) => ({ data: { live: { id } } })));
    // no batch of the group runs any more: what waited goes together
    await untilRuns(3);
    expect(runs[2]!.ids).toEqual(['e', 'f']);
    runs[2]!.finish();
    expect(await Promise.all(more)).toEqual(['e', 'f'].map((id) => ({ data: { live: { id } } })));
    expect(resolver.stats).toEqual({ batches: 3, events: 6 });
  });

  it('does not hold one group’s events for another group’s batch', async () => {
    const template: BatchTemplate = { query: (size) => `batch of ${size}`, operationName: undefined, responseKey: 'live', maxSize: 16 };
    const { runs, run, untilRuns } = heldRuns();
    const resolver = new BatchResolver();
    void resolver.resolve('scope A', template, {}, run, 'a');
    await untilRuns(1);
    const other = resolver.resolve('scope B', template, {}, run, 'b');
    await untilRuns(2);
    expect(runs.map((r) => r.ids)).toEqual([['a'], ['b']]);
    runs[1]!.finish();
    expect(await other).toEqual({ data: { live: { id: 'b' } } });
    runs[0]!.finish();
  });
});

describe('subscription streams that write their own messages', () => {
  it('give each subscriber its own id around one serialisation of the shared payload, exactly as graphql-ws would send it, and end as graphql-ws expects', async () => {
    await withRouter(async (bus, router) => {
      // one result object per event, as shared resolutions hand out
      const results = new Map<string, Promise<Payload>>();
      const resolve = (routed: RoutedEvent) => {
        const id = (routed.event.data as { activityId: string }).activityId;
        let result = results.get(id);
        if (!result) results.set(id, (result = Promise.resolve({ data: { companyActivity: id === 'act_2' ? null : { id, summary: 'say "hi" \u2028' } } })));
        return result;
      };
      const sent = new Map<string, string[]>();
      const waiters: (() => void)[] = [];
      const pushingStream = (subscriptionId: string) => {
        sent.set(subscriptionId, []);
        return streamOf(bus, router, {
          resolve,
          push: {
            subscriptionId,
            send: (message, done) => {
              sent.get(subscriptionId)!.push(message.toString('utf8'));
              for (const wake of waiters.splice(0)) wake();
              // written later, as a socket does
              setImmediate(() => done());
            },
          },
        });
      };
      const ids = ['1', 'b0a7f1f4-"quoted"'];
      const streams = ids.map(pushingStream);
      // graphql-ws pulls: the pull settles only when the stream ends
      const ends = streams.map((stream) => stream.next());
      const published = [activity('demo', 'cmp_acme', 1), activity('demo', 'cmp_acme', 2), activity('demo', 'cmp_acme', 3)];
      for (const event of published) await bus.publish(topicOf('crm'), event);
      while ([...sent.values()].some((messages) => messages.length < 2)) await new Promise<void>((wake) => waiters.push(wake));

      const payloadsOf = (subscriptionId: string) =>
        sent.get(subscriptionId)!.map((message) => JSON.parse(message) as { id: string; type: string; payload: Payload });
      for (const subscriptionId of ids) {
        const messages = payloadsOf(subscriptionId);
        // act_2 resolves to null: not pushed
        expect(messages.map((m) => m.payload.extensions?.['eventId'])).toEqual([published[0]!.id, published[2]!.id]);
        for (const [i, message] of messages.entries()) {
          expect(message.id).toBe(subscriptionId);
          expect(sent.get(subscriptionId)![i]).toBe(JSON.stringify({ id: subscriptionId, type: 'next', payload: message.payload }));
          expect(message.payload.extensions?.['cursor']).toEqual(expect.any(String));
        }
      }
      // the same payload bytes for both, only the ids differ
      const payloadText = (message: string) => message.slice(message.indexOf(',"type":"next","payload":'));
      expect(sent.get(ids[0]!)!.map(payloadText)).toEqual(sent.get(ids[1]!)!.map(payloadText));

      // graphql-ws' complete: the pull ends without a payload
      await streams[0]!.return();
      expect(await ends[0]).toEqual({ done: true, value: undefined });
      await streams[1]!.return();
      expect(await ends[1]).toEqual({ done: true, value: undefined });
    });
  });

  it('keep a reader that keeps up through a burst the gateway is slow to resolve: events being resolved are not the reader’s backlog', async () => {
    await withRouter(async (bus, router) => {
      // the gateway resolves nothing until the whole burst has arrived (five times the reader's allowance)
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const sent: string[] = [];
      const cutOff: unknown[] = [];
      const stream = streamOf(bus, router, {
        resolve: async (routed) => {
          await released;
          return { data: { companyActivity: { id: (routed.event.data as { activityId: string }).activityId } } };
        },
        push: {
          subscriptionId: 's',
          // a reader that keeps up: each message taken on the next turn
          send: (message, done) => {
            sent.push(message.toString('utf8'));
            setImmediate(done);
          },
        },
        onTooSlow: (error) => cutOff.push(error),
      });
      const end = stream.next();
      for (let n = 1; n <= 50; n++) await bus.publish(topicOf('crm'), activity('demo', 'cmp_acme', n));
      release();
      await vi.waitFor(() => expect(sent).toHaveLength(50));
      expect(cutOff).toEqual([]);
      expect(sent.map((message) => (JSON.parse(message) as { payload: Payload }).payload.data?.['companyActivity'])).toEqual(
        Array.from({ length: 50 }, (_, i) => ({ id: `act_${i + 1}` })),
      );
      await stream.return();
      expect(await end).toEqual({ done: true, value: undefined });
    });
  });

  it('cut off a reader whose socket stops taking messages once more resolved events wait than it is allowed', async () => {
    await withRouter(async (bus, router) => {
      const sent: string[] = [];
      const cutOff: { extensions?: Record<string, unknown> }[] = [];
      // a reader that takes nothing: its socket holds every byte written to it
      const socket = { bufferedAmount: 0 };
      const unsent: ((error?: Error) => void)[] = [];
      const stream = streamOf(bus, router, {
        resolve: async (routed) => ({ data: { companyActivity: { id: (routed.event.data as { activityId: string }).activityId } } }),
        push: {
          subscriptionId: 's',
          send: (message, done) => {
            sent.push(message.toString('utf8'));
            socket.bufferedAmount += message.length;
            unsent.push(done);
          },
        },
        socket,
        limits: { maxBufferedEvents: 10, maxPendingEvents: 100, maxBufferedBytes: 1 << 20, writeAheadBytes: 1024, replayStallMs: 1_000 },
        // the server closes the connection: what the socket held is dropped
        onTooSlow: (error) => {
          cutOff.push(error);
          for (const done of unsent.splice(0)) done(new Error('closed'));
        },
      });
      const end = stream.next();
      for (let n = 1; n <= 40 && cutOff.length === 0; n++) await bus.publish(topicOf('crm'), activity('demo', 'cmp_acme', n));
      await vi.waitFor(() => expect(cutOff).toHaveLength(1));
      expect(cutOff[0]!.extensions).toEqual({ code: 'SUBSCRIBER_TOO_SLOW' });
      // written until the socket held more than 1 KiB, then ten more waited, and the eleventh was one too many
      const written = sent.length;
      expect(socket.bufferedAmount).toBeGreaterThan(1024);
      expect(socket.bufferedAmount - sent.at(-1)!.length).toBeLessThanOrEqual(1024);
      expect(written).toBeLessThan(40 - 10);
      expect(await end).toEqual({ done: true, value: undefined });
    });
  });

  it('write a failed resolution as that event’s error payload and go on', async () => {
    await withRouter(async (bus, router) => {
      const sent: string[] = [];
      const stream = streamOf(bus, router, {
        resolve: async (routed) => {
          const id = (routed.event.data as { activityId: string }).activityId;
          if (id === 'act_2') throw new Error('subgraph down');
          return { data: { companyActivity: { id } } };
        },
        push: writtenAtOnce(sent),
      });
      const end = stream.next();
      for (const n of [1, 2, 3]) await bus.publish(topicOf('crm'), activity('demo', 'cmp_acme', n));
      await vi.waitFor(() => expect(sent).toHaveLength(3));
      const payloads = sent.map((message) => (JSON.parse(message) as { payload: Payload }).payload);
      expect(payloads.map((p) => p.data?.['companyActivity'] ?? p.errors)).toEqual([
        { id: 'act_1' },
        [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        { id: 'act_3' },
      ]);
      await stream.return();
      expect(await end).toEqual({ done: true, value: undefined });
    });
  });

  it('hand the error that ends them to graphql-ws, which sends it and then completes', async () => {
    await withRouter(async (bus, router) => {
      for (const n of [1, 2, 3]) await bus.publish(topicOf('crm'), activity('demo', 'cmp_acme', n));
      bus.truncate(topicOf('crm'), 2);
      const sent: string[] = [];
      const stream = streamOf(bus, router, {
        resolve: async () => ({ data: { companyActivity: { id: 'x' } } }),
        // after offset 0: offset 1 is past the retention now
        resume: { topic: topicOf('crm'), partition: 0, offset: '0', timestamp: '0' },
        push: writtenAtOnce(sent),
      });
      const ending = await stream.next();
      expect(ending).toMatchObject({ done: false, value: { errors: [{ extensions: { code: 'CURSOR_EXPIRED' } }] } });
      expect(await stream.next()).toEqual({ done: true, value: undefined });
      expect(sent).toEqual([]);
    });
  });
});

describe('subscription field permissions', () => {
  it('are the ones the crm SDL declares on each Subscription field', () => {
    const declared: Record<string, unknown> = {};
    for (const definition of parse(subgraphSdl('crm')).definitions) {
      if ((definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) || definition.name.value !== 'Subscription')
        continue;
      for (const field of (definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode).fields ?? []) {
        const directive = field.directives?.find((d) => d.name.value === 'requiresPermissions');
        const anyOf = directive?.arguments?.find((a) => a.name.value === 'anyOf')?.value;
        // [[permission]]: one permission, nothing else
        const inner = anyOf?.kind === Kind.LIST && anyOf.values.length === 1 ? anyOf.values[0] : undefined;
        const only = inner?.kind === Kind.LIST && inner.values.length === 1 ? inner.values[0] : undefined;
        declared[field.name.value] = only?.kind === Kind.STRING ? only.value : 'not a single permission';
      }
    }
    expect(Object.fromEntries(Object.entries(subscriptionFields).map(([name, spec]) => [name, spec.permission]))).toEqual(declared);
  });
});

describe('events held while a subscription is admitted', () => {
  it('go to the stream first, in order, then the live ones; other companies and organisations are not held', async () => {
    await withRouter(async (bus, router) => {
      const subscriber = acmeSubscriber();
      const early = holdEarlyEvents(router, subscriber, 10);
      // a second listener on the same key: the router delivers to both in one pass, so once it has seen act_4, so has the holder
      const seen: string[] = [];
      const probe = router.add({ ...subscriber, deliver: (routed) => seen.push((routed.event.data as { activityId: string }).activityId) });
      // published between the subscribe message and the end of its checks
      for (const event of [
        activity('demo', 'cmp_acme', 1),
        activity('demo', 'cmp_other', 2),
        activity('demo-2', 'cmp_acme', 3),
        activity('demo', 'cmp_acme', 4),
      ]) {
        await bus.publish(topicOf('crm'), event);
      }
      await vi.waitFor(() => expect(seen).toEqual(['act_1', 'act_4']));
      probe();
      const sent: string[] = [];
      const stream = streamOf(bus, router, {
        resolve: async (routed) => ({ data: { companyActivity: { id: (routed.event.data as { activityId: string }).activityId } } }),
        early,
        push: writtenAtOnce(sent),
      });
      // graphql-ws pulls once the subscription is registered: the held events are written then, first
      const end = stream.next();
      await bus.publish(topicOf('crm'), activity('demo', 'cmp_acme', 5));
      await vi.waitFor(() => expect(sent).toHaveLength(3));
      const received = sent.map((message) => ((JSON.parse(message) as { payload: Payload }).payload.data!['companyActivity'] as { id: string }).id);
      expect(received).toEqual(['act_1', 'act_4', 'act_5']);
      await stream.return();
      expect(await end).toEqual({ done: true, value: undefined });
    });
  });

  it('are forgotten, and the router left, when the subscription is refused', async () => {
    await withRouter(async (bus, router) => {
      const early = holdEarlyEvents(router, acmeSubscriber(), 10);
      early.stop();
      await bus.publish(topicOf('crm'), activity('demo', 'cmp_acme', 1));
      expect(early.take()).toEqual({ events: [], overflowed: false });
    });
  });
});

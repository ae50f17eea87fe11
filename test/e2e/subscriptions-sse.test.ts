import { createClient, type ExecutionResult } from 'graphql-sse';
import { beforeAll, describe, expect, it } from 'vitest';
import { sseSubscribe } from '@onegraph/testing';
import { useStack } from './fixture.ts';
import { COMPANY_ACTIVITY, logNotes } from './subscriptions-helpers.ts';

const ACME = { companyId: 'cmp_acme' };

describe('subscriptions over Server-Sent Events (GraphQL over SSE, distinct connections), on real Kafka', { timeout: 120_000 }, () => {
  const stack = useStack();
  let token: string;
  beforeAll(async () => {
    token = await stack.token('demo');
  });

  it('pushes each event as a `next` event whose id is its cursor, resolved across crm and integrations', async () => {
    const stream = await sseSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: ACME });
    expect(stream.status).toBe(200);
    const notes = await logNotes(stack, token, 'cmp_acme', 3, 'over sse');
    await stream.waitFor(3);
    expect(stream.ids()).toEqual(notes);
    expect(stream.messages[0]!.data).toEqual({
      companyActivity: { id: notes[0], type: 'NOTE', summary: 'over sse 1', company: { id: 'cmp_acme', name: 'Acme Dental Group', psa: { linked: false } } },
    });
    // the SSE id is graphql-ws' extensions.cursor: one resume token for both transports
    expect(stream.events.map((e) => e.id)).toEqual(stream.messages.map((m) => m.extensions?.['cursor']));
    stream.dispose();
  });

  it('works with graphql-sse’s own client in distinct-connections mode', async () => {
    const client = createClient<false>({ url: stack.urls.graphql, singleConnection: false, headers: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const received: ExecutionResult<{ companyActivity?: { id: string } }, unknown>[] = [];
    let connected!: () => void;
    const streaming = new Promise<void>((resolve) => (connected = resolve));
    const got = new Promise<void>((resolve, reject) => {
      const stop = client.subscribe<{ companyActivity?: { id: string } }>(
        { query: COMPANY_ACTIVITY, variables: ACME },
        {
          next: (value) => {
            received.push(value);
            stop();
            resolve();
          },
          error: reject,
          complete: () => {},
        },
        { connected: () => connected() },
      );
    });
    // the stream's headers arrive once the subscription is admitted: nothing published after is missed
    await streaming;
    const [id] = await logNotes(stack, token, 'cmp_acme', 1, 'graphql-sse client');
    await got;
    expect(received[0]?.data?.companyActivity?.id).toBe(id);
    client.dispose();
  });

  it('resumes with Last-Event-ID: exactly the events missed, in order, then the live ones', async () => {
    const witness = await sseSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: ACME });
    const away = await sseSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: ACME });
    const before = await logNotes(stack, token, 'cmp_acme', 2, 'before');
    await away.waitFor(2);
    expect(away.ids()).toEqual(before);
    const lastEventId = away.lastEventId!;
    away.dispose();

    const missed = await logNotes(stack, token, 'cmp_acme', 10, 'missed');
    // once the witness has them, they are on the topic and past the gateway's live position
    await witness.waitFor(12);
    const back = await sseSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: ACME, lastEventId });
    expect(back.status).toBe(200);
    await back.waitFor(10);
    expect(back.ids()).toEqual(missed);
    const live = await logNotes(stack, token, 'cmp_acme', 1, 'live');
    await back.waitFor(11);
    expect(back.ids()).toEqual([...missed, ...live]);
    back.dispose();
    witness.dispose();
  });

  it('refuses a Last-Event-ID past what the Bus stores with CURSOR_EXPIRED (410)', async () => {
    const probe = await sseSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: ACME });
    await logNotes(stack, token, 'cmp_acme', 1, 'probe');
    await probe.waitFor(1);
    probe.dispose();
    const real = JSON.parse(Buffer.from(probe.lastEventId!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const gone = Buffer.from(JSON.stringify({ ...real, o: '999999999' }), 'utf8').toString('base64url');
    const refused = await sseSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: ACME, lastEventId: gone });
    expect(refused.status).toBe(410);
    expect(refused.refusal?.errors?.[0]?.extensions?.['code']).toBe('CURSOR_EXPIRED');
  });

  it('refuses a stream without a token (401) and one on another organisation’s company (NOT_FOUND), and never crosses organisations', async () => {
    const anonymous = await sseSubscribe(stack.urls.graphql, undefined, { query: COMPANY_ACTIVITY, variables: ACME });
    expect(anonymous.status).toBe(401);
    expect(anonymous.refusal?.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');

    const otherOrg = await stack.token('demo-2');
    const across = await sseSubscribe(stack.urls.graphql, otherOrg, { query: COMPANY_ACTIVITY, variables: ACME });
    expect(across.status).toBe(404);
    expect(across.refusal?.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    // demo-2's own subscriber sees its notes only, not demo's published meanwhile
    const northwind = await sseSubscribe(stack.urls.graphql, otherOrg, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_northwind' } });
    await logNotes(stack, token, 'cmp_acme', 2, 'demo only');
    const own = await logNotes(stack, otherOrg, 'cmp_northwind', 1, 'demo-2');
    await northwind.waitFor(1);
    expect(northwind.ids()).toEqual(own);
    northwind.dispose();
  });
});

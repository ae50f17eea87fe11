import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import { liveSubscribe, testKafkaLogin } from '@onegraph/testing';
import { useStack } from './fixture.ts';
import { COMPANY_ACTIVITY, logNotes } from './subscriptions-helpers.ts';

describe('resuming a subscription with its cursor, on real Kafka', { timeout: 120_000 }, () => {
  const stack = useStack();
  let token: string;
  beforeAll(async () => {
    token = await stack.token('demo');
  });

  it('gives a client that was away while 100 events were published exactly those 100, in order, then the live ones, also those published while it replays', async () => {
    // a client that stays connected sees everything: the reference
    const witness = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' } });
    const away = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' } });
    const before = await logNotes(stack, token, 'cmp_acme', 3, 'before');
    await away.waitFor(3);
    expect(away.ids()).toEqual(before);
    const cursor = away.cursor!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    await away.dispose();

    const missed = await logNotes(stack, token, 'cmp_acme', 100, 'missed');
    // once the witness has them, they are on the topic and past the gateway's live position
    await witness.waitFor(103);

    // more events keep coming while it replays: the hand-over from replay to live must neither drop nor repeat one
    const during = logNotes(stack, token, 'cmp_acme', 20, 'during');
    const back = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' }, cursor });
    const duringIds = await during;
    await back.waitFor(120);
    expect(back.ids()).toEqual([...missed, ...duringIds]);
    const live = await logNotes(stack, token, 'cmp_acme', 2, 'live');
    await back.waitFor(122);
    await witness.waitFor(125);
    expect(back.ids()).toEqual([...missed, ...duringIds, ...live]);
    // the payloads are the live ones, cursor included: the witness got the same
    expect(back.messages.map((m) => m.extensions?.['cursor'])).toEqual(witness.messages.slice(3).map((m) => m.extensions?.['cursor']));
    expect(back.messages[0]!.data).toEqual({
      companyActivity: { id: missed[0], type: 'NOTE', summary: 'missed 1', company: { id: 'cmp_acme', name: 'Acme Dental Group', psa: { linked: false } } },
    });
    await back.dispose();
    await witness.dispose();
  });

  it('replays only the subscriber’s own company and organisation from the shared partition', async () => {
    const away = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_brightline' } });
    const first = await logNotes(stack, token, 'cmp_brightline', 1, 'first');
    await away.waitFor(1);
    expect(away.ids()).toEqual(first);
    const cursor = away.cursor!;
    await away.dispose();

    // events of another company of demo, and of demo-2 (whose partition may be the same), while it is away
    const other = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' } });
    await logNotes(stack, token, 'cmp_acme', 3, 'elsewhere');
    const demo2Token = await stack.token('demo-2');
    await logNotes(stack, demo2Token, 'cmp_northwind', 3, 'other org');
    const mine = await logNotes(stack, token, 'cmp_brightline', 2, 'mine');
    // a fence: one more event of demo's partition, published after all of the above
    const fence = await logNotes(stack, token, 'cmp_acme', 1, 'fence');
    await other.until(() => other.ids().includes(fence[0]!), 'the fence');

    const back = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_brightline' }, cursor });
    await back.waitFor(2);
    const live = await logNotes(stack, token, 'cmp_brightline', 1, 'live');
    await back.waitFor(3);
    expect(back.ids()).toEqual([...mine, ...live]);
    await back.dispose();
    await other.dispose();
  });

  it('resumes from a time (extensions.since) a client that had received nothing yet, so had no cursor: what was published since, then live', async () => {
    // a witness on the same company: when it has an event, the gateway has routed it
    const witness = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' } });
    const earlier = await logNotes(stack, token, 'cmp_acme', 2, 'before it subscribed');
    await witness.waitFor(2);
    // the broker's append time of the last earlier event: "since" just after it, as a client's clock would say when it subscribed
    const lastEarlier = JSON.parse(Buffer.from(witness.messages[1]!.extensions!['cursor'] as string, 'base64url').toString()) as { ts: string };
    const since = new Date(Number(lastEarlier.ts) + 1).toISOString();
    const missed = await logNotes(stack, token, 'cmp_acme', 5, 'while it was away');
    await logNotes(stack, await stack.token('demo-2'), 'cmp_northwind', 2, 'other org');
    await witness.waitFor(7);

    const back = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' }, since });
    await back.waitFor(5);
    const live = await logNotes(stack, token, 'cmp_acme', 1, 'live');
    await back.waitFor(6);
    expect(back.ids()).toEqual([...missed, ...live]);
    expect(back.ids()).not.toContain(earlier[1]);
    // the payloads carry cursors as usual: the client resumes by cursor from then on
    expect(back.messages.every((m) => typeof m.extensions?.['cursor'] === 'string')).toBe(true);
    await back.dispose();
    await witness.dispose();
  });

  it('refuses a since that is not a date-time, and a cursor together with a since, with BAD_USER_INPUT', async () => {
    for (const extensions of [{ since: 'yesterday' }, { since: '2026-11-29T10:00:00' }, { since: '2026-11-29T10:00:00Z', cursor: 'x' }]) {
      const refused = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' }, ...extensions });
      await refused.ended();
      expect(refused.error).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
      await refused.dispose();
    }
  });

  it('refuses a cursor it did not write with BAD_USER_INPUT, and a cursor or a since past the retention with CURSOR_EXPIRED', async () => {
    const garbage = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' }, cursor: 'not-a-cursor' });
    await garbage.ended();
    expect(garbage.error).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    await garbage.dispose();

    const sub = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_cobalt' } });
    await logNotes(stack, token, 'cmp_cobalt', 2, 'soon gone');
    await sub.waitFor(2);
    const old = sub.messages[0]!.extensions!['cursor'] as string;
    await sub.dispose();

    // retention removes the partition's records up to and including the second event
    // (the test reads the cursor's encoding to know where that is; clients must not)
    const admin = new Kafka({
      ...testKafkaLogin('admin'),
      clientId: 'subscriptions-resume-test',
      brokers: inject('kafkaBrokers').split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const topic = `${stack.namespace}${topicOf('crm')}`;
      await admin.fetchTopicMetadata({ topics: [topic] });
      const { p, o } = JSON.parse(Buffer.from(sub.messages[1]!.extensions!['cursor'] as string, 'base64url').toString()) as { p: number; o: string };
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: p, offset: (BigInt(o) + 1n).toString() }] });
    } finally {
      await admin.disconnect();
    }
    const expired = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_cobalt' }, cursor: old });
    await expired.ended();
    expect(expired.error).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'CURSOR_EXPIRED' }) })]);
    await expired.dispose();

    // the newer cursor still resumes
    const recent = await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_cobalt' }, cursor: sub.cursor! });
    const next = await logNotes(stack, token, 'cmp_cobalt', 1, 'after retention');
    await recent.waitFor(1);
    expect(recent.ids()).toEqual(next);
    await recent.dispose();

    // a time before what the partition still stores: refused too, not resumed with a gap
    const tooOld = await liveSubscribe(stack.urls.graphql, token, {
      query: COMPANY_ACTIVITY,
      variables: { companyId: 'cmp_cobalt' },
      since: '2000-01-01T00:00:00Z',
    });
    await tooOld.ended();
    expect(tooOld.error).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'CURSOR_EXPIRED' }) })]);
    await tooOld.dispose();
  });
});

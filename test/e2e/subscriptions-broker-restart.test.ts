import { describe, expect, it } from 'vitest';
import { liveSubscribe } from '@onegraph/testing';
import { useStack } from './fixture.ts';
import { COMPANY_ACTIVITY, logNotes } from './subscriptions-helpers.ts';

// A broker of its own: this test kills it, which other test files must not see.
describe('subscribers connected while the Kafka broker is killed and restarted mid-stream', () => {
  const busWarnings: string[] = [];
  const stack = useStack({
    ownBroker: true,
    // a small retry budget: the outage outlasts it, so the recovery paths run
    // (the gateway's consumer crashes and rejoins, the CRM's producer is replaced)
    kafka: { retry: { retries: 2, maxRetryTime: 1_000 }, log: { warn: (message) => busWarnings.push(message) } },
  });

  it('lose nothing: every event published before, during and after the outage arrives once, in order', { timeout: 180_000 }, async () => {
    const token = await stack.token('demo');
    const subscribers = [
      await liveSubscribe(stack.urls.graphql, token, { query: COMPANY_ACTIVITY, variables: { companyId: 'cmp_acme' } }),
      await liveSubscribe(stack.urls.graphql, token, {
        variables: { companyId: 'cmp_acme' },
        query: 'subscription ($companyId: ID!) { companyActivity(companyId: $companyId) { id summary } }',
      }),
    ];
    const before = await logNotes(stack, token, 'cmp_acme', 10, 'before');
    for (const sub of subscribers) await sub.waitFor(10);

    // the CRM keeps taking writes (its outbox holds the events) while the broker is down
    await stack.broker.kill();
    const during = await logNotes(stack, token, 'cmp_acme', 10, 'during');
    await stack.broker.start();
    const after = await logNotes(stack, token, 'cmp_acme', 10, 'after');

    const expected = [...before, ...during, ...after];
    for (const sub of subscribers) await sub.waitFor(expected.length, 150_000);
    // one more: a duplicate would show up before it
    const fence = await logNotes(stack, token, 'cmp_acme', 1, 'fence');
    for (const sub of subscribers) {
      await sub.waitFor(expected.length + 1, 60_000);
      expect(sub.ids()).toEqual([...expected, ...fence]);
      expect(sub.closes).toEqual([]);
      await sub.dispose();
    }
    expect(busWarnings).toContain('bus: consumer rejoined its group, resuming after the last message it handled');
  });
});

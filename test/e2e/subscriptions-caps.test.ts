import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '@onegraph/bus';
import { TestSubscription, wsClient } from '@onegraph/testing';
import { useStack } from './fixture.ts';
import { logNotes } from './subscriptions-helpers.ts';

const LIVE = `subscription($companyId: ID!) { companyActivity(companyId: $companyId) { id summary } }`;

/** The codes a refused subscription was answered with (none while it runs). */
const codesOf = (subscription: TestSubscription) =>
  Array.isArray(subscription.error) ? (subscription.error as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code) : [];

/** Waits until one of the subscriptions was refused; the others run. */
async function settle(subscriptions: TestSubscription[]) {
  const refused = await Promise.any(subscriptions.map((s) => s.ended().then(() => s)));
  return { refused: [refused], running: subscriptions.filter((s) => s !== refused) };
}

describe('caps on open subscriptions, per connection and per caller', () => {
  const stack = useStack({ bus: createMemoryBus(), subscriptions: { maxPerConnection: 2, maxPerCaller: 3 } });

  it('refuses one subscription too many on a connection, and one too many for a caller across connections, with TOO_MANY_SUBSCRIPTIONS', async () => {
    const member = await stack.token('demo', 'Member', 'capped-member');
    const a = wsClient(stack.urls.graphql, member);
    const b = wsClient(stack.urls.graphql, member);
    const other = wsClient(stack.urls.graphql, await stack.token('demo', 'Member', 'someone-else'));
    try {
      // three on one connection: one is refused (the connection's cap is 2)
      const onA = [0, 1, 2].map(() => new TestSubscription(a, LIVE, { companyId: 'cmp_acme' }));
      const first = await settle(onA);
      expect(first.refused).toHaveLength(1);
      expect(codesOf(first.refused[0]!)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);

      // the caller has 2 open: on another connection, one more is admitted and the next refused (the caller's cap is 3)
      const onB = [0, 1].map(() => new TestSubscription(b, LIVE, { companyId: 'cmp_acme' }));
      const second = await settle(onB);
      expect(second.refused).toHaveLength(1);
      expect(codesOf(second.refused[0]!)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);

      // a completed subscription no longer counts: a new one on connection A is admitted
      first.running[0]!.unsubscribe();
      const replacement = new TestSubscription(a, LIVE, { companyId: 'cmp_acme' });
      // another caller is not held to this one's caps
      const others = new TestSubscription(other, LIVE, { companyId: 'cmp_acme' });

      // every admitted subscription receives the next event; none of them was refused
      const [note] = await logNotes(stack, await stack.token('demo', 'Admin'), 'cmp_acme', 1, 'capped');
      for (const running of [first.running[1]!, second.running[0]!, replacement, others]) {
        const [message] = await running.waitFor(1);
        expect(running.error).toBeUndefined();
        expect((message!.data?.['companyActivity'] as { id: string }).id).toBe(note);
      }
    } finally {
      await Promise.all([a.dispose(), b.dispose(), other.dispose()]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { ServiceProcess, TestSubscription } from '@onegraph/testing';
import { failoverSubscribe, logNote, publishTicket, report, summaries, useClusterTopology } from './fixture.ts';

/**
 * The production topology on one machine (three Kafka brokers, one PostgreSQL server, two
 * gateways, two crm and two integrations instances, each a process of its own) and the faults it
 * must survive, one after the other on the same topology. Each test drives events both ways
 * (notes written through the gateways go out through crm's outbox; PSA ticket events come in
 * through crm's consumer) to a live subscriber, and reports what was in flight, applied,
 * duplicated, lost, and how long recovery took (printed, never asserted: the numbers depend on
 * the machine).
 */
describe.sequential('the production topology under faults', () => {
  const cluster = useClusterTopology();
  const graphqlUrls = () => cluster.topology.gateways.map((g) => `${g.url}/graphql`);
  const viaBalancer = () => `${cluster.topology.balancers.gateway}/graphql`;

  /** One step of traffic both ways, labelled; the summaries that must reach the subscriber. */
  async function step(token: string, label: string, expected: string[], failures: string[]): Promise<void> {
    const note = await logNote(viaBalancer(), token, `${label} note`);
    if ('id' in note) expected.push(`${label} note`);
    else failures.push(note.code);
    await publishTicket(cluster.bus, `${label} ticket`);
    expected.push(`${label} ticket`);
  }

  /** Waits until the subscriber has every expected summary, then one more (a fence: a duplicate would come before it). */
  async function settle(sub: TestSubscription, token: string, expected: string[], what: string) {
    await sub.until(() => new Set(summaries(sub)).size >= new Set(expected).size && expected.every((s) => summaries(sub).includes(s)), what, 240_000);
    const fence = `fence ${what}`;
    const note = await logNote(viaBalancer(), token, fence);
    expect(note).toHaveProperty('id');
    await sub.until(() => summaries(sub).includes(fence), `the fence after ${what}`, 120_000);
  }

  /**
   * Subscribes (through `urls`, in order) and waits until the subscription is live: a note written
   * after subscribing has arrived. Events published before the gateway admitted a subscription
   * without a cursor are not its to receive.
   */
  async function liveSubscriber(token: string, label: string, urls = graphqlUrls()) {
    const subscriber = await failoverSubscribe(urls, token);
    const marker = `live ${label} ${Math.random().toString(36).slice(2, 8)}`;
    for (;;) {
      const note = await logNote(viaBalancer(), token, marker);
      expect(note).toHaveProperty('id');
      try {
        await subscriber.sub.until(() => summaries(subscriber.sub).includes(marker), `the marker of ${label}`, 5_000);
        return subscriber;
      } catch {
        // admitted after that note: the next one arrives
      }
    }
  }

  const leaderOf = (crm: readonly ServiceProcess[]) => {
    const last = (p: ServiceProcess) => [...p.log].reverse().find((l) => l.msg === 'outbox relay: leading' || l.msg === 'outbox relay: lost the leader lock');
    return crm.find((p) => p.running && last(p)?.msg === 'outbox relay: leading');
  };

  it('starts with both directions flowing to a subscriber', { timeout: 300_000 }, async () => {
    const token = await cluster.token('demo');
    const { sub } = await liveSubscriber(token, 'warm-up');
    const expected: string[] = [];
    const failures: string[] = [];
    await step(token, 'warm-up', expected, failures);
    await settle(sub, token, expected, 'the warm-up');
    expect(failures).toEqual([]);
    expect(summaries(sub).filter((s) => s.startsWith('warm-up'))).toEqual(['warm-up note', 'warm-up ticket']);
    await sub.dispose();
  });

  it('a broker SIGKILLed while events flow both ways, then restarted: nothing lost, nothing applied twice', { timeout: 600_000 }, async () => {
    const token = await cluster.token('demo');
    const { sub, arrivedAt } = await liveSubscriber(token, 'fault');
    const expected: string[] = [];
    const failures: string[] = [];
    for (let i = 1; i <= 5; i++) await step(token, `broker before ${i}`, expected, failures);
    const victim = cluster.kafka.nodes[0]!;
    const killedAt = Date.now();
    await victim.kill();
    const window: string[] = [];
    for (let i = 1; i <= 10; i++) await step(token, `broker down ${i}`, window, failures);
    await victim.start();
    for (let i = 1; i <= 5; i++) await step(token, `broker after ${i}`, window, failures);
    expected.push(...window);
    await settle(sub, token, expected, 'the broker kill');
    const received = summaries(sub).filter((s) => s.startsWith('broker'));
    const r = report('broker SIGKILL + restart', expected, received, window.length, Math.max(...window.map((s) => arrivedAt.get(s) ?? 0)) - killedAt, {
      failedWrites: failures.length,
    });
    expect(failures).toEqual([]);
    expect(r.losses).toBe(0);
    expect(r.duplicates).toBe(0);
    await sub.dispose();
  });

  it('the crm instance leading the outbox relay killed mid-batch: the other takes over, nothing lost or doubled', { timeout: 600_000 }, async () => {
    const token = await cluster.token('demo');
    const { sub, arrivedAt } = await liveSubscriber(token, 'fault');
    const leader = leaderOf(cluster.topology.crm);
    expect(leader).toBeDefined();
    const follower = cluster.topology.crm.find((p) => p !== leader)!;
    const from = follower.log.length;
    const expected: string[] = [];
    const failures: string[] = [];
    // a burst the relay publishes in batches, with the leader killed while it is at it
    const burst = Array.from({ length: 20 }, (_, i) => logNote(viaBalancer(), token, `relay burst ${i + 1}`));
    const killedAt = Date.now();
    await leader!.kill('SIGKILL');
    for (const [i, note] of (await Promise.all(burst)).entries()) {
      if ('id' in note) expected.push(`relay burst ${i + 1}`);
      else failures.push(note.code);
    }
    for (let i = 1; i <= 5; i++) await step(token, `relay after ${i}`, expected, failures);
    await follower.waitForLog((l) => l.msg === 'outbox relay: leading', 60_000, from);
    await settle(sub, token, expected, 'the relay leader kill');
    const received = summaries(sub).filter((s) => s.startsWith('relay'));
    const r = report('outbox relay leader SIGKILL', expected, received, burst.length, Math.max(...expected.map((s) => arrivedAt.get(s) ?? 0)) - killedAt, {
      failedWrites: failures.length,
      failedWriteCodes: [...new Set(failures)].join(',') || 'none',
    });
    expect(r.losses).toBe(0);
    expect(r.duplicates).toBe(0);
    // back to two instances for the next test
    await leader!.start();
    await sub.dispose();
  });

  it('a gateway killed under live subscriptions: its clients resume on the other by cursor, no gap, no duplicate', { timeout: 600_000 }, async () => {
    const token = await cluster.token('demo');
    const [first, second] = cluster.topology.gateways;
    // every subscriber starts on the first gateway
    const subscribers = await Promise.all([1, 2, 3].map((n) => liveSubscriber(token, `gateway ${n}`, [`${first!.url}/graphql`, `${second!.url}/graphql`])));
    const expected: string[] = [];
    const failures: string[] = [];
    for (let i = 1; i <= 5; i++) await step(token, `gateway before ${i}`, expected, failures);
    for (const { sub } of subscribers) await sub.until(() => expected.every((s) => summaries(sub).includes(s)), 'the events before the kill', 120_000);
    const killedAt = Date.now();
    await first!.kill('SIGKILL');
    const window: string[] = [];
    for (let i = 1; i <= 10; i++) await step(token, `gateway down ${i}`, window, failures);
    expected.push(...window);
    for (const [n, { sub, arrivedAt }] of subscribers.entries()) {
      await settle(sub, token, expected, `the gateway kill (subscriber ${n + 1})`);
      const received = summaries(sub).filter((s) => s.startsWith('gateway'));
      const r = report(
        `gateway SIGKILL, subscriber ${n + 1}`,
        expected,
        received,
        window.length,
        Math.max(...window.map((s) => arrivedAt.get(s) ?? 0)) - killedAt,
        {
          reconnections: sub.closes.length,
        },
      );
      expect(r.losses).toBe(0);
      expect(r.duplicates).toBe(0);
    }
    expect(failures).toEqual([]);
    await first!.start();
    for (const { sub } of subscribers) await sub.dispose();
  });
});

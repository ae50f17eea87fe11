import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator } from '@onegraph/simulators';
import { createManualClock } from '@onegraph/testing';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * The M365 sync's own timer: connected mailboxes are synced every 5 minutes
 * (`M365_SYNC_INTERVAL_MS`) without anyone asking, here on a clock the test
 * moves, through the gateway on real Kafka.
 */

const SALES = 'sales@yourmsp.com';
const MINUTE = 60_000;
const EMAILS = `query($id: ID!) { company(id: $id) { activities(first: 25, filter: { types: [EMAIL] }) { edges { node { summary contact { id } } } } } }`;
const MAILBOXES = `{ mailboxes { id lastSyncedAt lastError } }`;

describe('M365 sync timer, on an injectable clock', () => {
  const clock = createManualClock();
  const stack = useStack({ simulators: { graph: { mailboxes: { demo: [SALES] } } }, clock });
  let graph: GraphSimulator;
  let admin: CrmClient;

  const emailsWith = async (subject: string) =>
    (
      await admin.ok<{ company: { activities: { edges: { node: { summary: string; contact: { id: string } | null } }[] } } }>(EMAILS, { id: 'cmp_acme' })
    ).company.activities.edges
      .map((e) => e.node)
      .filter((e) => e.summary.includes(subject));
  const lastSynced = async () => (await admin.ok<{ mailboxes: { lastSyncedAt: string | null; lastError: string | null }[] }>(MAILBOXES)).mailboxes[0];

  beforeAll(() => {
    graph = stack.simulators.graph;
    admin = crmClient(stack, 'demo', 'Admin');
  });

  it('syncs a connected mailbox when its 5 minutes are up, not before', async () => {
    await admin.ok(`mutation { connectMailbox(input: { address: "${SALES}" }) { id } }`);
    // connecting syncs the mailbox once at once; then the first round of the timer (due at start) runs and schedules the next
    await expect.poll(async () => (await lastSynced())?.lastSyncedAt ?? null, { timeout: 30_000 }).not.toBeNull();
    clock.advance(0);
    // the round is done when it has set its next timer (besides the daily health recomputation's)
    await expect.poll(() => clock.pending, { timeout: 30_000 }).toBe(2);

    graph.deliver(SALES, { from: 'jane@acmedental.com', to: [SALES], subject: 'Timer-driven sync' });
    // 4 min 59 s: the timer is not due, no round ran, nothing imported
    clock.advance(5 * MINUTE - 1_000);
    expect(clock.pending).toBe(2);
    expect(await emailsWith('Timer-driven sync')).toEqual([]);
    // 5 minutes: the round runs and imports the email onto Jane's company (and contact) timeline
    clock.advance(1_000);
    await expect.poll(async () => (await emailsWith('Timer-driven sync')).length, { timeout: 30_000 }).toBe(1);
    expect((await emailsWith('Timer-driven sync'))[0]?.contact).not.toBeNull();
    expect((await lastSynced())?.lastError).toBeNull();
    // and the next round is scheduled
    await expect.poll(() => clock.pending, { timeout: 30_000 }).toBe(2);
  });
});

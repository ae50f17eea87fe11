import { beforeAll, describe, expect, it } from 'vitest';
import type { BooksSimulator } from '@onegraph/simulators';
import { createManualClock } from '@onegraph/testing';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * The health score's billing component from Books' invoices (overdue amount
 * and age) and the daily recomputation through which engagement decays and
 * unpaid invoices age, on a clock the test moves: real Kafka, through the
 * gateway (docs/health-score.md).
 */

const DAY = 86_400_000;
const HEALTH = `query($id: ID!) { company(id: $id) { health { score engagement billing reason } healthHistory(first: 50) { edges { node { score engagement billing reason } } } } }`;

interface HealthScore {
  score: number;
  engagement: number;
  billing: number | null;
  reason: string;
}
interface CompanyHealth {
  health: HealthScore | null;
  healthHistory: { edges: { node: HealthScore }[] };
}

describe('Health score: billing from Books, decay by a daily recomputation', () => {
  const clock = createManualClock();
  const stack = useStack({ simulators: { books: true }, clock });
  let books: BooksSimulator;
  let admin: CrmClient;
  let admin2: CrmClient;
  const start = clock.now().getTime();
  const at = (days: number) => new Date(start + days * DAY).toISOString();

  const companyHealth = async (id: string, client = admin) => (await client.ok<{ company: CompanyHealth | null }>(HEALTH, { id })).company;
  const healthOf = async (id: string) => (await companyHealth(id))!.health!;
  const createCompany = async (name: string) =>
    (await admin.ok<{ createCompany: { id: string } }>(`mutation($name: String!) { createCompany(input: { name: $name }) { id } }`, { name })).createCompany.id;
  const meeting = (companyId: string) =>
    admin.ok(`mutation($input: LogActivityInput!) { logActivity(input: $input) { id } }`, {
      input: { type: 'MEETING', summary: 'Quarterly review', companyId },
    });

  beforeAll(() => {
    books = stack.simulators.books;
    admin = crmClient(stack, 'demo', 'Admin');
    admin2 = crmClient(stack, 'demo-2', 'Admin');
  });

  let engaged: string;
  let late: string;

  it('billing comes from Books’ invoices: 100 while nothing is overdue, less with overdue age and amount', async () => {
    engaged = await createCompany('Evergreen Dental');
    await meeting(engaged);
    await meeting(engaged);
    // timeline only: engagement alone (two meetings this month: 30), billing unknown
    expect(await healthOf(engaged)).toMatchObject({ score: 30, engagement: 30, billing: null });

    // an invoice not yet due: billing 100, weighed in (30 × 40 + 100 × 15) ÷ 55
    await books.issueInvoice('demo', { crmCompanyId: engaged, total: '1000.00', issuedAt: at(0), dueAt: at(14) });
    await expect.poll(async () => (await healthOf(engaged)).billing, { timeout: 30_000 }).toBe(100);
    expect(await healthOf(engaged)).toMatchObject({ score: 49, engagement: 30, billing: 100, reason: 'books.invoice.issued' });

    // all of what Books invoiced is 10 days overdue: 100 − 10 (age) − 40 (all of the amount), from its due date,
    // before Books says so; Books' overdue notice then changes nothing
    late = await createCompany('Latecomer Logistics');
    const invoice = await books.issueInvoice('demo', { crmCompanyId: late, total: '400.00', issuedAt: at(-40), dueAt: at(-10) });
    await expect.poll(async () => (await companyHealth(late))!.health?.billing, { timeout: 30_000 }).toBe(50);
    await books.markOverdue('demo', invoice.invoice.id);
    // paid: nothing overdue any more
    await books.payInvoice('demo', invoice.invoice.id, at(0));
    await expect.poll(async () => (await healthOf(late)).billing, { timeout: 30_000 }).toBe(100);
  });

  it('demo-2’s invoices never reach demo’s companies: parked in demo-2, nothing changed', async () => {
    const before = await companyHealth(engaged);
    await books.issueInvoice('demo-2', { crmCompanyId: engaged, total: '5000.00', issuedAt: at(-60), dueAt: at(-30) });
    await expect
      .poll(
        async () =>
          (
            await admin2.ok<{ parkedEvents: { edges: { node: { consumer: string; eventType: string; reason: string } }[] } }>(
              `{ parkedEvents(first: 20) { edges { node { consumer eventType reason } } } }`,
            )
          ).parkedEvents.edges.map((e) => e.node),
        { timeout: 30_000 },
      )
      .toContainEqual({ consumer: 'crm.books-events', eventType: 'books.invoice.issued', reason: `unknown company ${engaged}` });
    expect(await companyHealth(engaged)).toEqual(before);
    expect(await companyHealth(engaged, admin2)).toBeNull();
  });

  it('the daily recomputation ages unpaid invoices and decays engagement, once a day', async () => {
    const daily = async (id: string) => (await companyHealth(id))!.healthHistory.edges.map((e) => e.node).filter((h) => h.reason === 'daily');
    // 20 days on: the meetings still count fully; the invoice is 6 days overdue (100 − 6 − 40)
    clock.advance(20 * DAY);
    await expect.poll(async () => (await daily(engaged)).length, { timeout: 30_000 }).toBe(1);
    expect(await healthOf(engaged)).toMatchObject({ engagement: 30, billing: 54, score: 37, reason: 'daily' });
    // nothing of the paid company changed: no history row for it
    expect(await daily(late)).toEqual([]);

    // the same day again, from any instance: already done, nothing written
    expect(await stack.crm.dailyHealth.runToday()).toBeNull();
    expect(await daily(engaged)).toHaveLength(1);

    // 35 days on: the meetings are in their second month (half: 15), the invoice 21 days overdue (100 − 21 − 40)
    await expect.poll(() => clock.pending, { timeout: 30_000 }).toBe(1);
    clock.advance(15 * DAY);
    await expect.poll(async () => (await daily(engaged)).length, { timeout: 30_000 }).toBe(2);
    expect(await healthOf(engaged)).toMatchObject({ engagement: 15, billing: 39, score: Math.round((15 * 40 + 39 * 15) / 55), reason: 'daily' });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { BooksSimulator, PsaSimulator } from '@onegraph/simulators';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * What an admin sees when another product stays down through every retry,
 * or refuses a call after the win, on real Kafka through the gateway: the
 * won deal's PSA project request and Books billing setup end FAILED after
 * the last attempt, Books refusing an amendment dead-letters it at once
 * with Books' answer, each is listed in `integrationsFailedEvents`, and a
 * replay once the product is back applies it once. The retry schedule is
 * made small (three attempts, 50 ms apart) instead of waiting out the
 * production one.
 */
const RETRIES = { maxAttempts: 3, retryDelayMs: 50 };
const DEAL = `query($id: ID!) { deal(id: $id) { id
  psaProjectRequest { status attempts lastError project { id } }
  booksBilling { status attempts lastError booksSetupId dealVersion amendments { dealVersion } }
} }`;
const FAILED = `query { integrationsFailedEvents(first: 100, includeResolved: true) { edges { node { id consumer kind eventType reason data resolvedAt } } } }`;
const REPLAY = `mutation($id: ID!) { replayIntegrationsFailedEvent(id: $id) { id resolvedAt } }`;

interface DealView {
  id: string;
  psaProjectRequest: { status: string; attempts: number; lastError: string | null; project: { id: string } | null } | null;
  booksBilling: {
    status: string;
    attempts: number;
    lastError: string | null;
    booksSetupId: string | null;
    dealVersion: number;
    amendments: { dealVersion: number }[];
  } | null;
}
interface FailedEvent {
  id: string;
  consumer: string;
  kind: string;
  eventType: string;
  reason: string;
  data: string;
  resolvedAt: string | null;
}

describe('exhausted retries and refusals after the win, on real Kafka through the gateway', () => {
  const stack = useStack({
    simulators: { psa: true, books: true, calls: { timeoutMs: 2_000, attempts: 2, backoffMs: 20 } },
    consumerRetries: { dealWonPsa: RETRIES, booksBilling: RETRIES },
  });
  let psa: PsaSimulator;
  let books: BooksSimulator;
  let admin: CrmClient;
  let admin2: CrmClient;

  beforeAll(() => {
    psa = stack.simulators.psa;
    books = stack.simulators.books;
    admin = crmClient(stack, 'demo', 'Admin');
    admin2 = crmClient(stack, 'demo-2', 'Admin');
  });

  const viewOf = async (client: CrmClient, id: string) => (await client.ok<{ deal: DealView | null }>(DEAL, { id })).deal;
  const failedOf = async (client: CrmClient, dealId: string) =>
    (await client.ok<{ integrationsFailedEvents: { edges: { node: FailedEvent }[] } }>(FAILED)).integrationsFailedEvents.edges
      .map((e) => e.node)
      .filter((e) => (JSON.parse(e.data) as { dealId?: string }).dealId === dealId);

  /** A deal with a PSA project requested, won; resolves with its id and version. */
  async function winDeal(title: string): Promise<{ id: string; version: number }> {
    const { createDeal } = await admin.ok<{ createDeal: { id: string; version: number } }>(
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { id version } }`,
      {
        input: {
          title,
          companyId: 'cmp_acme',
          pipelineId: 'pl_demo_new_business',
          termMonths: 12,
          lineItems: [{ service: 'Managed IT, per user', quantity: '10', unitPrice: '90.00', billing: 'MONTHLY' }],
        },
      },
    );
    await admin.ok(`mutation($id: ID!) { requestPsaProject(dealId: $id) { id } }`, { id: createDeal.id });
    const { deal } = await admin.ok<{ deal: { version: number } }>(`query($id: ID!) { deal(id: $id) { version } }`, { id: createDeal.id });
    const { moveDeal } = await admin.ok<{ moveDeal: { version: number } }>(
      `mutation($id: ID!, $v: Int!) { moveDeal(id: $id, expectedVersion: $v, stageId: "stg_demo_nb_won") { version } }`,
      { id: createDeal.id, v: deal.version },
    );
    return { id: createDeal.id, version: moveDeal.version };
  }

  it('PSA and Books down through every retry: the project request and the billing setup are FAILED after the last attempt, listed, and made once on replay', async () => {
    psa.setAvailable(false);
    books.setAvailable(false);
    let id = '';
    try {
      ({ id } = await winDeal('Won while PSA and Books are down'));
      await expect
        .poll(
          async () => {
            const view = await viewOf(admin, id);
            return [view?.psaProjectRequest?.status, view?.booksBilling?.status];
          },
          { timeout: 60_000 },
        )
        .toEqual(['FAILED', 'FAILED']);
    } finally {
      psa.setAvailable(true);
      books.setAvailable(true);
    }
    const view = (await viewOf(admin, id))!;
    expect(view.psaProjectRequest).toEqual({ status: 'FAILED', attempts: 3, lastError: expect.stringContaining('(503'), project: null });
    expect(view.booksBilling).toMatchObject({ status: 'FAILED', attempts: 3, lastError: expect.stringContaining('(503'), booksSetupId: null });
    expect(psa.projects('demo').filter((p) => p.crmDealId === id)).toEqual([]);
    expect(books.billingSetups('demo').filter((s) => s.crmDealId === id)).toEqual([]);

    await expect
      .poll(async () => (await failedOf(admin, id)).map((e) => [e.consumer, e.kind, e.eventType]).sort(), { timeout: 30_000 })
      .toEqual([
        ['integrations.books-billing', 'DEAD_LETTERED', 'crm.deal.won'],
        ['integrations.deal-won-psa', 'DEAD_LETTERED', 'crm.deal.won'],
      ]);
    // another organisation sees neither
    expect(await failedOf(admin2, id)).toEqual([]);
    expect(await viewOf(admin2, id)).toBeNull();

    // both products are back: each replay applies its event once
    for (const failed of await failedOf(admin, id)) await admin.ok(REPLAY, { id: failed.id });
    await expect
      .poll(
        async () => {
          const after = await viewOf(admin, id);
          return [after?.psaProjectRequest?.status, after?.booksBilling?.status];
        },
        { timeout: 30_000 },
      )
      .toEqual(['CREATED', 'ACTIVE']);
    expect(psa.projects('demo').filter((p) => p.crmDealId === id)).toHaveLength(1);
    expect(books.billingSetups('demo').filter((s) => s.crmDealId === id)).toHaveLength(1);
    expect((await failedOf(admin, id)).every((e) => e.resolvedAt !== null)).toBe(true);
  });

  it('Books refusing an amendment (a 4xx): dead-lettered at once with Books’ answer, the setup kept, and amended once on replay', async () => {
    const { id, version: wonVersion } = await winDeal('Amendment Books refuses');
    await expect.poll(async () => (await viewOf(admin, id))?.booksBilling?.status, { timeout: 30_000 }).toBe('ACTIVE');
    books.refuseBilling('demo', 'GL account 4000 is closed for posting');
    let changedVersion = 0;
    try {
      const { updateDeal } = await admin.ok<{ updateDeal: { version: number } }>(
        `mutation($id: ID!, $v: Int!) { updateDeal(id: $id, expectedVersion: $v, input: { value: "20000" }) { version } }`,
        { id, v: wonVersion },
      );
      changedVersion = updateDeal.version;
      await expect
        .poll(async () => (await failedOf(admin, id)).filter((e) => e.eventType === 'crm.deal.updated'), { timeout: 30_000 })
        .toEqual([
          expect.objectContaining({
            consumer: 'integrations.books-billing',
            kind: 'DEAD_LETTERED',
            reason: expect.stringMatching(new RegExp(`^Books refused the billing amendment of deal ${id}: .*\\(422.*GL account 4000 is closed for posting`)),
          }),
        ]);
    } finally {
      books.refuseBilling('demo', null);
    }
    // refused once, not retried; the setup stays as Books bills it, with Books' answer to see
    const setupId = (await viewOf(admin, id))!.booksBilling!.booksSetupId!;
    expect(books.calls.filter((c) => c.path === `/api/billing-setups/${setupId}/amendments`)).toHaveLength(1);
    expect((await viewOf(admin, id))!.booksBilling).toMatchObject({
      status: 'ACTIVE',
      dealVersion: wonVersion,
      amendments: [],
      lastError: expect.stringContaining('GL account 4000 is closed for posting'),
    });

    const [refused] = (await failedOf(admin, id)).filter((e) => e.eventType === 'crm.deal.updated');
    await admin.ok(REPLAY, { id: refused!.id });
    await expect.poll(async () => (await viewOf(admin, id))?.booksBilling?.dealVersion, { timeout: 30_000 }).toBe(changedVersion);
    expect((await viewOf(admin, id))!.booksBilling).toMatchObject({ amendments: [{ dealVersion: changedVersion }], lastError: null });
    expect(books.billingAmendments('demo').filter((a) => a.setupId === setupId)).toEqual([
      expect.objectContaining({ crmDealVersion: changedVersion, contractValue: '20000.00' }),
    ]);
  });
});

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, topicOf } from '@onegraph/bus';
import { integrationKeysFrom } from '@onegraph/onestack-clients';
import { createBooksSimulator, createPortalSimulator, type BooksSimulator, type PortalSimulator } from '@onegraph/simulators';
import { readDeadLetters, REPO_ROOT, testKafkaBus, type DeadLetterReader } from '@onegraph/testing';
import { startStack, type Stack } from '@onegraph/stack';
import { crmClient, type CrmClient } from './crm-client.ts';

/**
 * The events the Bus consumers gave up on, listed to Owners and Admins and
 * replayed from the graph (and the `npm run dlq` CLI), on real Kafka
 * through the gateway: a Portal event parked by crm until the quote it
 * names exists, and a won deal's Books billing setup dead-lettered when
 * Books refused it, replayed once Books accepts One Graph's key again.
 */

const FAILED_FIELDS = 'id consumer kind eventId eventType source reason data resolvedAt';
const PARKED = `query($all: Boolean) { parkedEvents(first: 100, includeResolved: $all) { edges { node { ${FAILED_FIELDS} parkedAt } } } }`;
const REPLAY_PARKED = `mutation($id: ID!) { replayParkedEvent(id: $id) { ${FAILED_FIELDS} } }`;
const INTEGRATIONS_FAILED = `query($all: Boolean, $kind: FailedEventKind) {
  integrationsFailedEvents(first: 100, includeResolved: $all, kind: $kind) { edges { node { ${FAILED_FIELDS} failedAt } } pageInfo { hasNextPage } }
}`;
const REPLAY_INTEGRATIONS = `mutation($id: ID!) { replayIntegrationsFailedEvent(id: $id) { ${FAILED_FIELDS} } }`;
const QUOTE = `query($id: ID!) { quote(id: $id) { id status viewedAt version } }`;
const BILLING = `query($id: ID!) { deal(id: $id) { booksBilling { status booksSetupId attempts lastError } } }`;

interface FailedEvent {
  id: string;
  consumer: string;
  kind: 'PARKED' | 'DEAD_LETTERED';
  eventId: string;
  eventType: string;
  source: string;
  reason: string;
  data: string;
  resolvedAt: string | null;
}

/** Runs `npx tsx scripts/dlq.ts …` as an operator would, against the test stack's gateway. */
function dlq(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/dlq.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('failed events: parked and dead-lettered, listed and replayed from the graph and the CLI, on real Kafka', () => {
  let stack: Stack;
  let portal: PortalSimulator;
  let books: BooksSimulator;
  /** The keys Books accepts, per organisation: a test takes demo's away (a Books admin revoking it) and gives it back. */
  const booksKeys: Record<string, string> = { ogk_onegraph_demo: 'demo', ogk_onegraph_demo2: 'demo-2' };
  let admin: CrmClient;
  let admin2: CrmClient;
  let dlqReader: DeadLetterReader;

  beforeAll(async () => {
    const bus = testKafkaBus();
    portal = createPortalSimulator({ bus, integrationKeys: { ogk_onegraph_demo: 'demo', ogk_onegraph_demo2: 'demo-2' } });
    books = createBooksSimulator({ bus, integrationKeys: booksKeys });
    stack = await startStack({
      bus,
      products: {
        portal: await portal.listen(),
        books: await books.listen(),
        integrationKeys: integrationKeysFrom({ demo: 'ogk_onegraph_demo', 'demo-2': 'ogk_onegraph_demo2' }),
        backoffMs: 20,
        attempts: 2,
      },
    });
    admin = crmClient(stack, 'demo', 'Admin');
    admin2 = crmClient(stack, 'demo-2', 'Admin');
    dlqReader = await readDeadLetters(stack.bus, topicOf('crm'), `test-dlq-reader-${randomUUID().slice(0, 6)}`);
  });
  afterAll(async () => {
    await dlqReader?.stop();
    await stack?.close();
    await portal?.close();
    await books?.close();
    await stack?.bus.close();
  });

  const parked = async (client: CrmClient, all = false) =>
    (await client.ok<{ parkedEvents: { edges: { node: FailedEvent }[] } }>(PARKED, { all })).parkedEvents.edges.map((e) => e.node);
  const integrationsFailed = async (client: CrmClient, all = false) =>
    (await client.ok<{ integrationsFailedEvents: { edges: { node: FailedEvent }[] } }>(INTEGRATIONS_FAILED, { all })).integrationsFailedEvents.edges.map(
      (e) => e.node,
    );

  it('parks a Portal view of a quote crm does not have yet, and applies it once when replayed after the quote exists', async () => {
    const quoteId = `quo_later_${randomUUID().slice(0, 8)}`;
    const viewed = createEnvelope({
      type: 'portal.quote.viewed',
      source: 'onestack/portal',
      orgid: 'demo',
      subject: `quote/${quoteId}`,
      data: { quoteId, crmCompanyId: 'cmp_acme', viewedAt: new Date().toISOString() },
    });
    await stack.bus.publish(topicOf('portal'), viewed);
    await expect
      .poll(async () => (await parked(admin)).filter((p) => p.eventId === viewed.id), { timeout: 30_000 })
      .toEqual([
        expect.objectContaining({
          consumer: 'crm.portal-events',
          kind: 'PARKED',
          eventType: 'portal.quote.viewed',
          source: 'onestack/portal',
          reason: `unknown quote ${quoteId}`,
          resolvedAt: null,
        }),
      ]);
    const event = (await parked(admin)).find((p) => p.eventId === viewed.id)!;
    expect(JSON.parse(event.data)).toEqual(viewed.data);

    // Owners and Admins of the organisation only
    await crmClient(stack, 'demo', 'Member').fails('FORBIDDEN', PARKED, {});
    expect((await parked(admin2, true)).map((p) => p.eventId)).not.toContain(viewed.id);
    await admin2.fails('NOT_FOUND', REPLAY_PARKED, { id: event.id });

    // replayed too early: parked again, with the reason
    expect((await admin.ok<{ replayParkedEvent: FailedEvent }>(REPLAY_PARKED, { id: event.id })).replayParkedEvent).toMatchObject({
      kind: 'PARKED',
      resolvedAt: null,
    });

    // the quote arrives (an import, played by SQL), sent to the client: the replay marks it viewed, once
    await stack.crm.db.query(
      `INSERT INTO quotes (org_id, id, number, title, status, company_id, currency, sent_at) VALUES ('demo', $1, $2, 'Imported quote', 'SENT', 'cmp_acme', 'USD', now())`,
      [quoteId, `Q-${quoteId}`],
    );
    const { replayParkedEvent } = await admin.ok<{ replayParkedEvent: FailedEvent }>(REPLAY_PARKED, { id: event.id });
    expect(replayParkedEvent).toMatchObject({ id: event.id, resolvedAt: expect.any(String) });
    const { quote } = await admin.ok<{ quote: { status: string; viewedAt: string | null; version: number } }>(QUOTE, { id: quoteId });
    expect(quote).toMatchObject({ status: 'VIEWED', viewedAt: expect.any(String), version: 2 });
    await admin.fails('INVALID_TRANSITION', REPLAY_PARKED, { id: event.id });
    expect((await admin.ok<{ quote: { version: number } }>(QUOTE, { id: quoteId })).quote.version).toBe(2);
    expect((await parked(admin)).map((p) => p.id)).not.toContain(event.id);
    expect((await parked(admin, true)).map((p) => p.id)).toContain(event.id);
  });

  it('dead-letters a billing setup Books refused, lists it, and sets it up once when replayed (with the CLI) after Books accepts the key again', async () => {
    delete booksKeys['ogk_onegraph_demo'];
    let dealId = '';
    try {
      const { createDeal } = await admin.ok<{ createDeal: { id: string; version: number } }>(
        `mutation($input: CreateDealInput!) { createDeal(input: $input) { id version } }`,
        {
          input: {
            title: 'Refused by Books',
            companyId: 'cmp_acme',
            pipelineId: 'pl_demo_new_business',
            termMonths: 12,
            lineItems: [{ service: 'Managed IT', quantity: '5', unitPrice: '100.00', billing: 'MONTHLY' }],
          },
        },
      );
      dealId = createDeal.id;
      await admin.ok(`mutation($id: ID!, $v: Int!) { moveDeal(id: $id, expectedVersion: $v, stageId: "stg_demo_nb_won") { id } }`, {
        id: dealId,
        v: createDeal.version,
      });
      await expect
        .poll(async () => (await admin.ok<{ deal: { booksBilling: { status: string } | null } }>(BILLING, { id: dealId })).deal.booksBilling?.status, {
          timeout: 30_000,
        })
        .toBe('FAILED');
    } finally {
      booksKeys['ogk_onegraph_demo'] = 'demo';
    }
    const { deal } = await admin.ok<{ deal: { booksBilling: { attempts: number; lastError: string } } }>(BILLING, { id: dealId });
    expect(deal.booksBilling).toMatchObject({ attempts: 1, lastError: expect.stringContaining('401') });

    // listed once, as dead-lettered, besides the Bus's DLQ letter
    const failedOfDeal = async () =>
      (await integrationsFailed(admin)).filter((e) => e.eventType === 'crm.deal.won' && (JSON.parse(e.data) as { dealId: string }).dealId === dealId);
    await expect.poll(failedOfDeal, { timeout: 30_000 }).toEqual([
      expect.objectContaining({
        consumer: 'integrations.books-billing',
        kind: 'DEAD_LETTERED',
        source: 'onegraph/crm',
        reason: expect.stringContaining(`Books refused the billing setup of deal ${dealId}`),
      }),
    ]);
    const [dead] = await failedOfDeal();
    const [letter] = await dlqReader.matching((l) => l.consumer === 'integrations.books-billing' && (l.value?.includes(dead!.eventId) ?? false));
    expect(letter!.reason).toBe(dead!.reason);
    expect(books.billingSetups('demo').filter((s) => s.crmDealId === dealId)).toEqual([]);

    // another organisation neither sees nor replays it; a Member cannot list
    expect((await integrationsFailed(admin2, true)).map((e) => e.id)).not.toContain(dead!.id);
    await admin2.fails('NOT_FOUND', REPLAY_INTEGRATIONS, { id: dead!.id });
    await crmClient(stack, 'demo', 'Member').fails('FORBIDDEN', INTEGRATIONS_FAILED, {});

    // the operator's CLI lists both subgraphs' failed events of the organisation, and replays this one
    const env = { ONEGRAPH_URL: stack.urls.graphql, ONEGRAPH_TOKEN: await stack.token('demo', 'Admin', 'dlq-cli-admin') };
    const list = await dlq(['list', '--kind', 'dead-lettered'], env);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${dead!.id}  DEAD_LETTERED  integrations.books-billing  crm.deal.won`);
    const replay = await dlq(['replay', dead!.id], env);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toContain('Replayed: applied once.');

    const billing = (await admin.ok<{ deal: { booksBilling: { status: string; booksSetupId: string } } }>(BILLING, { id: dealId })).deal.booksBilling;
    expect(billing).toMatchObject({ status: 'ACTIVE', booksSetupId: expect.any(String) });
    expect(books.billingSetups('demo').filter((s) => s.crmDealId === dealId)).toHaveLength(1);
    // once: replayed already, out of the default list
    await admin.fails('INVALID_TRANSITION', REPLAY_INTEGRATIONS, { id: dead!.id });
    expect(await failedOfDeal()).toEqual([]);
    expect((await integrationsFailed(admin, true)).find((e) => e.id === dead!.id)).toMatchObject({ resolvedAt: expect.any(String) });
    expect(books.billingSetups('demo').filter((s) => s.crmDealId === dealId)).toHaveLength(1);
  });
});

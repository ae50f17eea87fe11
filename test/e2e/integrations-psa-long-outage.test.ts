import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import type { PsaSimulator } from '@onegraph/simulators';
import { readDeadLetters, type DeadLetterReader } from '@onegraph/testing';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';
import { newCompany, newDeal, winDeal } from './integrations-psa-helpers.ts';

/**
 * PSA down for one organisation for longer than the consumers' session
 * timeout (10 s), on real Kafka. The deal-to-project consumer retries the
 * won deal through the outage (from 1 s, doubling: its fifth attempt comes
 * 15 s after the first) while it keeps heartbeating: the group is never
 * rebalanced, nothing is dead-lettered, the project is opened once when PSA
 * is back, and another organisation's events (on another partition) flow
 * meanwhile.
 */
interface ProjectRequestView {
  deal: { psaProject: { id: string } | null; psaProjectRequest: { status: string; attempts: number } | null } | null;
}
const DEAL_PROJECT = `query($id: ID!) { deal(id: $id) { psaProject { id } psaProjectRequest { status attempts } } }`;
const REQUEST_PROJECT = `mutation($id: ID!) { requestPsaProject(dealId: $id) { id } }`;
const CONSUMER = 'integrations.deal-won-psa';

describe('PSA integration, an outage longer than the consumer session', () => {
  // what the Bus says about its consumers' group membership (rebalances, rejoins)
  const membership: { message: string; consumer: unknown }[] = [];
  const stack = useStack({
    simulators: { psa: {}, calls: { timeoutMs: 2_000, attempts: 2, backoffMs: 50 } },
    consumerRetries: { dealWonPsa: { maxAttempts: 8, retryDelayMs: 1_000 } },
    kafka: {
      log: {
        warn: (message, detail) => {
          if (/rebalanc|rejoin/.test(message)) membership.push({ message, consumer: detail?.consumer });
        },
      },
    },
  });
  let psa: PsaSimulator;
  let admin: CrmClient;
  let otherAdmin: CrmClient;
  let dlq: DeadLetterReader;

  beforeAll(async () => {
    psa = stack.simulators.psa;
    admin = crmClient(stack, 'demo', 'Admin');
    otherAdmin = crmClient(stack, 'demo-2', 'Admin');
    dlq = await readDeadLetters(stack.bus, topicOf('crm'), 'test-crm-dlq-reader');
  });
  afterAll(async () => {
    psa?.setAvailable(true, 'demo');
    await dlq?.stop();
  });

  const requestOf = async (client: CrmClient, id: string) => (await client.ok<ProjectRequestView>(DEAL_PROJECT, { id })).deal;

  it('keeps the group stable, holds back only that organisation, and opens the project once when PSA is back', { timeout: 120_000 }, async () => {
    const company = await newCompany(admin);
    const deal = await newDeal(admin, company.id, 'Project through a long PSA outage');
    await admin.ok(REQUEST_PROJECT, { id: deal.id });
    const membershipBefore = membership.filter((m) => m.consumer === CONSUMER).length;

    psa.setAvailable(false, 'demo');
    await winDeal(admin, deal);
    await expect.poll(async () => (await requestOf(admin, deal.id))?.psaProjectRequest?.attempts ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    // meanwhile demo-2 (whose events go to another partition) wins a deal with a project: it is opened at once
    const { createDeal } = await otherAdmin.ok<{ createDeal: { id: string; version: number } }>(
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { id version } }`,
      { input: { title: 'Project while demo waits', companyId: 'cmp_northwind', pipelineId: 'pl_demo2_new_business', value: '900' } },
    );
    await otherAdmin.ok(REQUEST_PROJECT, { id: createDeal.id });
    const { deal: current } = await otherAdmin.ok<{ deal: { version: number } }>(`query($id: ID!) { deal(id: $id) { version } }`, { id: createDeal.id });
    await otherAdmin.ok(`mutation($id: ID!, $v: Int!) { moveDeal(id: $id, expectedVersion: $v, stageId: "stg_demo2_nb_won") { id } }`, {
      id: createDeal.id,
      v: current.version,
    });
    await expect.poll(async () => (await requestOf(otherAdmin, createDeal.id))?.psaProjectRequest?.status, { timeout: 30_000 }).toBe('CREATED');
    expect(psa.projects('demo-2').filter((p) => p.crmDealId === createDeal.id)).toHaveLength(1);
    expect((await requestOf(admin, deal.id))?.psaProjectRequest?.status).toBe('PENDING');

    // the fifth attempt comes 15 s after the first: PSA has been down longer than the 10 s session
    await expect.poll(async () => (await requestOf(admin, deal.id))?.psaProjectRequest?.attempts ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
    expect(psa.projects('demo').filter((p) => p.crmDealId === deal.id)).toEqual([]);
    psa.setAvailable(true, 'demo');

    await expect.poll(async () => (await requestOf(admin, deal.id))?.psaProjectRequest?.status, { timeout: 60_000 }).toBe('CREATED');
    const projects = psa.projects('demo').filter((p) => p.crmDealId === deal.id);
    expect(projects).toHaveLength(1);
    expect((await requestOf(admin, deal.id))?.psaProject).toEqual({ id: projects[0]!.id });
    // no dead letter, and the consumer kept its place in the group throughout: no rebalance, no rejoin
    expect(dlq.letters.filter((l) => l.consumer === CONSUMER)).toEqual([]);
    expect(membership.filter((m) => m.consumer === CONSUMER).slice(membershipBefore)).toEqual([]);
  });
});

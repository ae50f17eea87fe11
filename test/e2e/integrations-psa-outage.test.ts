import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import type { PsaSimulator } from '@onegraph/simulators';
import { readDeadLetters, type DeadLetterReader } from '@onegraph/testing';
import { crmClient, type CrmClient } from './crm-client.ts';
import { newCompany, newDeal, usePsaStack, winDeal } from './integrations-psa-helpers.ts';

/**
 * Deal-to-project creation when PSA cannot answer, through the gateway on
 * real Kafka: PSA down (the project waits, visible as PENDING, and is
 * opened once when PSA is back) and PSA refusing (FAILED, dead-lettered at
 * once with PSA's answer), and PSA's answer lost after it opened the
 * project (the retry gets that project). The consumer's retries are
 * shortened (from 100 ms, doubling; ten attempts leave ample slack on a
 * loaded machine) so an outage plays out in about a second.
 */
interface ProjectRequest {
  status: string;
  attempts: number;
  lastError: string | null;
  project: { id: string; name: string } | null;
}
interface DealProject {
  deal: {
    id: string;
    status: string;
    createPsaProject: boolean;
    psaProject: { id: string; name: string } | null;
    psaProjectRequest: ProjectRequest | null;
  } | null;
}
const DEAL_PROJECT = `query($id: ID!) { deal(id: $id) { id status createPsaProject psaProject { id name }
  psaProjectRequest { status attempts lastError project { id name } } } }`;
const REQUEST_PROJECT = `mutation($id: ID!) { requestPsaProject(dealId: $id) { id createPsaProject } }`;

describe('PSA integration, deal-to-project creation while PSA is down or refuses', () => {
  // demo-2's key is one PSA does not know: PSA refuses its calls (401), a refusal no retry can fix
  const stack = usePsaStack({ consumerRetries: { dealWonPsa: { maxAttempts: 10, retryDelayMs: 100 } }, unknownToPsa: ['demo-2'] });
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
    await dlq?.stop();
  });

  const viewOf = async (client: CrmClient, id: string) => (await client.ok<DealProject>(DEAL_PROJECT, { id })).deal;

  it('PSA down: the won deal’s project waits (PENDING, with the error), is retried and opened once when PSA is back', async () => {
    const company = await newCompany(admin);
    const deal = await newDeal(admin, company.id, 'Project during the PSA outage');
    await admin.ok(REQUEST_PROJECT, { id: deal.id });
    // not won yet: nothing asked of PSA
    expect((await viewOf(admin, deal.id))!.psaProjectRequest).toBeNull();

    psa.setAvailable(false);
    try {
      await winDeal(admin, deal);
      // not created yet: no project, the request PENDING with PSA's answer, and retried
      await expect.poll(async () => (await viewOf(admin, deal.id))!.psaProjectRequest?.attempts ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      const waiting = (await viewOf(admin, deal.id))!;
      expect(waiting).toMatchObject({ status: 'WON', createPsaProject: true, psaProject: null });
      expect(waiting.psaProjectRequest).toMatchObject({ status: 'PENDING', project: null, lastError: expect.stringContaining('psa is unavailable (503') });
      expect(psa.projects('demo').filter((p) => p.crmDealId === deal.id)).toEqual([]);
    } finally {
      psa.setAvailable(true);
    }

    await expect.poll(async () => (await viewOf(admin, deal.id))!.psaProjectRequest?.status, { timeout: 30_000 }).toBe('CREATED');
    const done = (await viewOf(admin, deal.id))!;
    // exactly one project in PSA and on the deal, although PSA was called several times
    const projects = psa.projects('demo').filter((p) => p.crmDealId === deal.id);
    expect(projects).toHaveLength(1);
    expect(done.psaProject).toEqual({ id: projects[0]!.id, name: 'Project during the PSA outage' });
    expect(done.psaProjectRequest).toEqual({ status: 'CREATED', attempts: expect.any(Number), lastError: null, project: done.psaProject });
    expect(done.psaProjectRequest!.attempts).toBeGreaterThanOrEqual(2);
    // every call PSA answered carried the won event's idempotency key, so a lost answer could not open a second project
    const calls = psa.calls.filter((c) => c.method === 'POST' && c.path === '/api/projects' && c.org === 'demo');
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.every((c) => /^deal-won:/.test(c.idempotencyKey ?? ''))).toBe(true);
    expect(dlq.letters.filter((l) => l.key === 'demo')).toEqual([]);
  });

  it('PSA opened the project but its answer was lost: the retry, with the same idempotency key, gets that project, not a second', async () => {
    const company = await newCompany(admin);
    const deal = await newDeal(admin, company.id, 'Project whose answer was lost');
    await admin.ok(REQUEST_PROJECT, { id: deal.id });
    const before = psa.calls.length;
    psa.loseAnswers(1);
    await winDeal(admin, deal);

    await expect.poll(async () => (await viewOf(admin, deal.id))!.psaProjectRequest?.status, { timeout: 30_000 }).toBe('CREATED');
    const projects = psa.projects('demo').filter((p) => p.crmDealId === deal.id);
    expect(projects).toHaveLength(1);
    expect((await viewOf(admin, deal.id))!.psaProject).toEqual({ id: projects[0]!.id, name: 'Project whose answer was lost' });
    // PSA was asked twice, with one key: the second call got the first call's project
    const calls = psa.calls.slice(before).filter((c) => c.method === 'POST' && c.path === '/api/projects');
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1);
  });

  it('PSA refuses the project: FAILED with PSA’s answer, and the event dead-lettered at once with the reason', async () => {
    const { createDeal } = await otherAdmin.ok<{ createDeal: { id: string; version: number } }>(
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { id version } }`,
      { input: { title: 'Refused project', companyId: 'cmp_northwind', pipelineId: 'pl_demo2_new_business', value: '500' } },
    );
    const { requestPsaProject } = await otherAdmin.ok<{ requestPsaProject: { createPsaProject: boolean } }>(REQUEST_PROJECT, { id: createDeal.id });
    expect(requestPsaProject.createPsaProject).toBe(true);
    const { deal: current } = await otherAdmin.ok<{ deal: { version: number } }>(`query($id: ID!) { deal(id: $id) { version } }`, { id: createDeal.id });
    await otherAdmin.ok(`mutation($id: ID!, $v: Int!) { moveDeal(id: $id, expectedVersion: $v, stageId: "stg_demo2_nb_won") { id } }`, {
      id: createDeal.id,
      v: current.version,
    });

    const letter = (await dlq.matching((l) => l.consumer === 'integrations.deal-won-psa' && l.key === 'demo-2'))[0]!;
    expect(letter.topic).toMatch(/onestack\.crm\.events$/);
    expect(letter.reason).toMatch(new RegExp(`^PSA refused the project of deal ${createDeal.id}: psa refused POST /api/projects \\(401`));
    expect(JSON.parse(letter.value!)).toMatchObject({ type: 'crm.deal.won', orgid: 'demo-2', data: { dealId: createDeal.id, createPsaProject: true } });

    const view = (await viewOf(otherAdmin, createDeal.id))!;
    // one attempt: a refusal is not retried
    expect(view.psaProjectRequest).toEqual({ status: 'FAILED', attempts: 1, lastError: expect.stringContaining('(401'), project: null });
    expect(view.psaProject).toBeNull();
    expect(psa.projects('demo-2')).toEqual([]);
    // demo sees nothing of demo-2's deal
    expect(await viewOf(admin, createDeal.id)).toBeNull();
  });
});

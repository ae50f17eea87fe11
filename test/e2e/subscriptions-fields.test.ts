import { beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest, liveSubscribe, type TestSubscription } from '@onegraph/testing';
import { useStack } from './fixture.ts';

const CONTACT_ACTIVITY = 'subscription ($contactId: ID!) { contactActivity(contactId: $contactId) { id summary contact { id } company { id } } }';
const DEAL_UPDATED = 'subscription ($dealId: ID!) { dealUpdated(dealId: $dealId) { id title stage status version company { name } } }';
const PIPELINE_UPDATED =
  'subscription ($pipelineId: ID, $companyId: ID) { pipelineUpdated(pipelineId: $pipelineId, companyId: $companyId) { id title pipeline { id } company { id } } }';

describe('contactActivity, dealUpdated and pipelineUpdated, fed by crm events on real Kafka', () => {
  const stack = useStack();
  let token: string;
  beforeAll(async () => {
    token = await stack.token('demo');
  });

  async function mutate<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await graphqlRequest<T>(stack.urls.graphql, query, variables, token);
    if (!res.body.data) throw new Error(`mutation failed: ${JSON.stringify(res.body.errors)}`);
    return res.body.data;
  }
  const logNote = async (summary: string, input: Record<string, unknown>) =>
    (
      await mutate<{ logActivity: { id: string } }>('mutation ($input: LogActivityInput!) { logActivity(input: $input) { id } }', {
        input: { type: 'NOTE', summary, ...input },
      })
    ).logActivity.id;
  const createDeal = async (title: string, companyId: string, pipelineId: string) =>
    (
      await mutate<{ createDeal: { id: string } }>('mutation ($input: CreateDealInput!) { createDeal(input: $input) { id } }', {
        input: { title, companyId, pipelineId },
      })
    ).createDeal.id;
  const versionOf = async (dealId: string) =>
    (await mutate<{ deal: { version: number } }>('query ($id: ID!) { deal(id: $id) { version } }', { id: dealId })).deal.version;
  const retitle = async (dealId: string, title: string) =>
    mutate('mutation ($id: ID!, $v: Int!, $title: String) { updateDeal(id: $id, expectedVersion: $v, input: { title: $title }) { id } }', {
      id: dealId,
      v: await versionOf(dealId),
      title,
    });
  const ids = (sub: TestSubscription, field: string) => sub.messages.map((m) => (m.data?.[field] as { id: string }).id);

  async function refused(query: string, variables: Record<string, unknown>) {
    const sub = await liveSubscribe(stack.urls.graphql, await stack.token('demo-2'), { query, variables });
    await sub.ended();
    await sub.dispose();
    return sub.error;
  }

  it('contactActivity pushes the activities logged for one contact only', async () => {
    const sub = await liveSubscribe(stack.urls.graphql, token, { query: CONTACT_ACTIVITY, variables: { contactId: 'con_acme_jane' } });
    const first = await logNote('with Jane', { companyId: 'cmp_acme', contactId: 'con_acme_jane' });
    await logNote('with nobody', { companyId: 'cmp_acme' });
    await logNote('with Raj', { companyId: 'cmp_acme', contactId: 'con_acme_raj' });
    const last = await logNote('with Jane again', { companyId: 'cmp_acme', contactId: 'con_acme_jane' });
    await sub.waitFor(2);
    expect(ids(sub, 'contactActivity')).toEqual([first, last]);
    expect(sub.messages[0]!.data).toEqual({
      contactActivity: { id: first, summary: 'with Jane', contact: { id: 'con_acme_jane' }, company: { id: 'cmp_acme' } },
    });
    await sub.dispose();

    expect(await refused(CONTACT_ACTIVITY, { contactId: 'con_acme_jane' })).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
  });

  it('dealUpdated pushes every change of one deal, as the deal is after it', async () => {
    const sub = await liveSubscribe(stack.urls.graphql, token, { query: DEAL_UPDATED, variables: { dealId: 'deal_bright_m365' } });
    await retitle('deal_bright_m365', 'M365 migration, phase 1');
    await retitle('deal_cobalt_security', 'Security assessment (not watched)');
    await mutate('mutation ($id: ID!, $v: Int!) { moveDeal(id: $id, expectedVersion: $v, stageId: "stg_demo_nb_negotiation") { id } }', {
      id: 'deal_bright_m365',
      v: await versionOf('deal_bright_m365'),
    });
    await sub.waitFor(2);
    expect(sub.messages.map((m) => m.data)).toEqual([
      {
        dealUpdated: expect.objectContaining({
          id: 'deal_bright_m365',
          title: 'M365 migration, phase 1',
          stage: 'Proposal',
          company: { name: 'Brightline Legal LLP' },
        }),
      },
      { dealUpdated: expect.objectContaining({ id: 'deal_bright_m365', stage: 'Negotiation', status: 'OPEN' }) },
    ]);
    // one more change of the watched deal: nothing of the other deal came before it
    await retitle('deal_bright_m365', 'M365 migration');
    await sub.waitFor(3);
    expect(sub.messages).toHaveLength(3);
    expect((sub.messages[2]!.data!['dealUpdated'] as { title: string }).title).toBe('M365 migration');
    await sub.dispose();

    expect(await refused(DEAL_UPDATED, { dealId: 'deal_acme_managed' })).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
  });

  it('pipelineUpdated filters on the pipeline, the company, both, or neither', async () => {
    const [byPipeline, byCompany, byBoth, orgWide] = await Promise.all([
      liveSubscribe(stack.urls.graphql, token, { query: PIPELINE_UPDATED, variables: { pipelineId: 'pl_demo_new_business' } }),
      liveSubscribe(stack.urls.graphql, token, { query: PIPELINE_UPDATED, variables: { companyId: 'cmp_cobalt' } }),
      liveSubscribe(stack.urls.graphql, token, { query: PIPELINE_UPDATED, variables: { pipelineId: 'pl_demo_renewals', companyId: 'cmp_cobalt' } }),
      liveSubscribe(stack.urls.graphql, token, { query: PIPELINE_UPDATED, variables: {} }),
    ]);
    const x = await createDeal('Cobalt new business', 'cmp_cobalt', 'pl_demo_new_business');
    const y = await createDeal('Brightline renewal', 'cmp_brightline', 'pl_demo_renewals');
    const z = await createDeal('Cobalt renewal', 'cmp_cobalt', 'pl_demo_renewals');
    // fences: each subscriber's last expected event comes after everything it must not get
    const f1 = await createDeal('Cobalt fence 1', 'cmp_cobalt', 'pl_demo_new_business');
    const f2 = await createDeal('Cobalt fence 2', 'cmp_cobalt', 'pl_demo_renewals');
    const expected = new Map<TestSubscription, string[]>([
      [byPipeline, [x, f1]],
      [byCompany, [x, z, f1, f2]],
      [byBoth, [z, f2]],
      [orgWide, [x, y, z, f1, f2]],
    ]);
    for (const [sub, dealIds] of expected) {
      await sub.waitFor(dealIds.length);
      expect(ids(sub, 'pipelineUpdated')).toEqual(dealIds);
    }
    expect(orgWide.messages[1]!.data).toEqual({
      pipelineUpdated: { id: y, title: 'Brightline renewal', pipeline: { id: 'pl_demo_renewals' }, company: { id: 'cmp_brightline' } },
    });
    for (const sub of expected.keys()) await sub.dispose();

    expect(await refused(PIPELINE_UPDATED, { pipelineId: 'pl_demo_new_business' })).toEqual([
      expect.objectContaining({ message: 'Pipeline pl_demo_new_business was not found', extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
    expect(await refused(PIPELINE_UPDATED, { companyId: 'cmp_cobalt' })).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
  });
});

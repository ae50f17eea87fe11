import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, topicOf } from '@onegraph/bus';
import type { PsaSimulator } from '@onegraph/simulators';
import { crmClient, type CrmClient } from './crm-client.ts';
import { newCompany, newDeal, usePsaStack } from './integrations-psa-helpers.ts';

/**
 * The seed table's "PSA → CRM" rows, one test each: PSA (the simulator)
 * publishes its events on real Kafka, and what changed is read back
 * through the gateway as a CRM user sees it. Then the stream replayed
 * whole, and the events CRM cannot apply, parked for admins.
 */
const DEAL = `query($id: ID!) { deal(id: $id) { status closeReason version stageHistory { toStage { kind } reason changedBy } psaProject { id } } }`;
const COMPANY = `query($id: ID!) { company(id: $id) { status version psaSyncState psaClientId statusHistory { from to reason changedBy } } }`;
const TIMELINE = `query($id: ID!) { company(id: $id) { activities(first: 50) { edges { node { id type summary source } } } } }`;
const PARKED = `query($all: Boolean) { parkedEvents(first: 100, includeResolved: $all) { edges { node { id eventId eventType source reason data resolvedAt } } } }`;

interface Parked {
  id: string;
  eventId: string;
  eventType: string;
  source: string;
  reason: string;
  data: string;
  resolvedAt: string | null;
}

describe('PSA integration, PSA → CRM', () => {
  const stack = usePsaStack();
  let psa: PsaSimulator;
  let admin: CrmClient;
  let fenceCompany: string;
  beforeAll(async () => {
    psa = stack.simulators.psa;
    admin = crmClient(stack, 'demo', 'Admin');
    fenceCompany = (await newCompany(admin, 'Fence Ltd')).id;
  });

  const timeline = async (companyId: string) =>
    (
      await admin.ok<{ company: { activities: { edges: { node: { id: string; type: string; summary: string; source: string } }[] } } }>(TIMELINE, {
        id: companyId,
      })
    ).company.activities.edges.map((e) => e.node);
  /** Waits until crm applied everything demo's PSA published so far: one organisation's events are consumed in order, so a later ticket's arrival proves it. */
  const fence = async () => {
    const marker = `fence ${randomUUID().slice(0, 8)}`;
    await psa.recordTicket('demo', { psaClientId: 'psa-fence', crmCompanyId: fenceCompany, summary: marker });
    await expect.poll(async () => (await timeline(fenceCompany)).some((a) => a.summary.includes(marker)), { timeout: 20_000 }).toBe(true);
  };
  const parked = async (all = false) =>
    (await admin.ok<{ parkedEvents: { edges: { node: Parked }[] } }>(PARKED, { all })).parkedEvents.edges.map((e) => e.node);

  it('Contract signed: the opportunity auto-closes as won, once', async () => {
    const company = await newCompany(admin);
    const deal = await newDeal(admin, company.id);
    // flagged, so the crm.deal.won it emits also opens a PSA project: proof that it was emitted, once
    await admin.ok(`mutation($id: ID!) { requestPsaProject(dealId: $id) { id } }`, { id: deal.id });
    const signed = await psa.signContract('demo', { crmDealId: deal.id, crmCompanyId: company.id, psaClientId: 'psa-cl-signed', contractId: 'ctr-signed-1' });

    const view = async () =>
      (await admin.ok<{ deal: { status: string; closeReason: string; version: number; psaProject: unknown } }>(DEAL, { id: deal.id })).deal;
    await expect.poll(async () => (await view()).status, { timeout: 20_000 }).toBe('WON');
    const won = await view();
    expect(won).toMatchObject({ closeReason: 'PSA contract ctr-signed-1 signed' });
    expect(won).toMatchObject({
      stageHistory: [{ toStage: { kind: 'WON' }, reason: 'PSA contract ctr-signed-1 signed', changedBy: 'crm.psa-events' }, { toStage: { kind: 'OPEN' } }],
    });

    // the same event delivered again, and a second signature of a deal already won, change nothing
    await stack.bus.publish(topicOf('psa'), signed);
    await psa.signContract('demo', { crmDealId: deal.id, crmCompanyId: company.id, psaClientId: 'psa-cl-signed', contractId: 'ctr-signed-2' });
    await fence();
    const after = await view();
    expect(after.version).toBe(won.version);
    await expect.poll(async () => (await view()).psaProject, { timeout: 30_000 }).not.toBeNull();
    expect(psa.projects('demo').filter((p) => p.crmDealId === deal.id)).toHaveLength(1);
  });

  it('Client status change: the company’s status follows PSA’s, with PSA named in its history', async () => {
    const company = await newCompany(admin);
    await psa.changeClientStatus('demo', { psaClientId: 'psa-cl-status', crmCompanyId: company.id, status: 'churned' });
    const view = async () => (await admin.ok<{ company: { status: string; statusHistory: unknown[] } }>(COMPANY, { id: company.id })).company;
    await expect.poll(async () => (await view()).status, { timeout: 20_000 }).toBe('CHURNED');
    expect((await view()).statusHistory[0]).toEqual({
      from: 'PROSPECT',
      to: 'CHURNED',
      reason: 'PSA: client psa-cl-status is churned',
      changedBy: 'crm.psa-events',
    });

    await psa.changeClientStatus('demo', { psaClientId: 'psa-cl-status', crmCompanyId: company.id, status: 'active' });
    await expect.poll(async () => (await view()).status, { timeout: 20_000 }).toBe('CUSTOMER');
  });

  it('Support satisfaction: CSAT scores feed into the company’s health score', async () => {
    const company = await newCompany(admin);
    await psa.recordCsat('demo', { psaClientId: 'psa-cl-csat', crmCompanyId: company.id, score: 2, comment: 'Slow response' });
    const health = async () =>
      (
        await admin.ok<{ company: { health: { csat: number | null; reason: string } | null } }>(
          `query($id: ID!) { company(id: $id) { health { csat reason } } }`,
          { id: company.id },
        )
      ).company.health;
    await expect.poll(health, { timeout: 20_000 }).toMatchObject({ csat: expect.any(Number), reason: 'psa.csat.recorded' });
    const low = (await health())!.csat!;
    await psa.recordCsat('demo', { psaClientId: 'psa-cl-csat', crmCompanyId: company.id, score: 5 });
    await expect.poll(async () => (await health())!.csat!, { timeout: 20_000 }).toBeGreaterThan(low);
  });

  it('Ticket activity: PSA tickets are visible in the company’s activity timeline', async () => {
    const company = await newCompany(admin);
    const ticket = await psa.recordTicket('demo', { psaClientId: 'psa-cl-ticket', crmCompanyId: company.id, summary: 'Email not syncing' });
    await expect
      .poll(() => timeline(company.id), { timeout: 20_000 })
      .toContainEqual(expect.objectContaining({ type: 'TICKET', source: 'PSA', summary: `Ticket ${ticket.number}: Email not syncing (open)` }));
  });

  it('parks an event naming an unknown deal or company for admins to see, and replays it once the record exists', async () => {
    const missingDeal = `deal_missing_${randomUUID().slice(0, 6)}`;
    const signed = await psa.signContract('demo', { crmDealId: missingDeal, crmCompanyId: fenceCompany, psaClientId: 'psa-cl-x', contractId: 'ctr-parked' });
    await expect
      .poll(async () => (await parked()).filter((p) => p.eventId === signed.id), { timeout: 20_000 })
      .toEqual([
        expect.objectContaining({
          eventType: 'psa.contract.signed',
          source: 'onestack/psa-simulator',
          reason: `unknown deal ${missingDeal}`,
          resolvedAt: null,
        }),
      ]);
    const parkedSigned = (await parked()).find((p) => p.eventId === signed.id)!;
    expect(JSON.parse(parkedSigned.data)).toMatchObject({ contractId: 'ctr-parked', crmDealId: missingDeal });

    // admins only, and only their organisation's
    await crmClient(stack, 'demo', 'Member').fails('FORBIDDEN', PARKED, {});
    const otherOrg = crmClient(stack, 'demo-2', 'Admin');
    expect(
      (await otherOrg.ok<{ parkedEvents: { edges: { node: Parked }[] } }>(PARKED, { all: true })).parkedEvents.edges.filter(
        (e) => e.node.eventId === signed.id,
      ),
    ).toEqual([]);
    await otherOrg.fails('NOT_FOUND', `mutation($id: ID!) { replayParkedEvent(id: $id) { id } }`, { id: parkedSigned.id });

    // replayed while the deal is still unknown: parked again, with the reason
    const REPLAY = `mutation($id: ID!) { replayParkedEvent(id: $id) { id reason resolvedAt } }`;
    expect((await admin.ok<{ replayParkedEvent: unknown }>(REPLAY, { id: parkedSigned.id })).replayParkedEvent).toEqual({
      id: parkedSigned.id,
      reason: `unknown deal ${missingDeal}`,
      resolvedAt: null,
    });

    // a contract change for a company CRM gets later (a data import, played by SQL): replayed once it exists
    const later = `cmp_later_${randomUUID().slice(0, 6)}`;
    const changed = await psa.changeContract('demo', { contractId: 'ctr-later', crmCompanyId: later, changes: [{ field: 'term', from: '12', to: '24' }] });
    await expect.poll(async () => (await parked()).find((p) => p.eventId === changed.id)?.reason, { timeout: 20_000 }).toBe(`unknown company ${later}`);
    const parkedChange = (await parked()).find((p) => p.eventId === changed.id)!;
    await stack.crm.db.query(`INSERT INTO companies (org_id, id, name) VALUES ('demo', $1, 'Imported later')`, [later]);
    const { replayParkedEvent } = await admin.ok<{ replayParkedEvent: Parked }>(REPLAY, { id: parkedChange.id });
    expect(replayParkedEvent.resolvedAt).not.toBeNull();
    const docs = await admin.ok<{ esignDocuments: { edges: { node: unknown }[] } }>(
      `query($id: ID!) { esignDocuments(filter: { companyId: $id }) { edges { node { kind psaContractRef } } } }`,
      { id: later },
    );
    expect(docs.esignDocuments.edges.map((e) => e.node)).toEqual([{ kind: 'ADDENDUM', psaContractRef: 'ctr-later' }]);
    // resolved: out of the default list, in the full one, and not replayable twice
    expect((await parked()).map((p) => p.id)).not.toContain(parkedChange.id);
    expect((await parked(true)).map((p) => p.id)).toContain(parkedChange.id);
    await admin.fails('INVALID_TRANSITION', REPLAY, { id: parkedChange.id });
  });

  it('replaying the whole PSA event stream twice leaves the same state as once', async () => {
    const company = await newCompany(admin);
    const deal = await newDeal(admin, company.id);
    const psaClientId = 'psa-cl-stream';
    // a client PSA created on its side (not through a CRM promotion)
    const created = createEnvelope({
      type: 'psa.client.created',
      source: 'onestack/psa',
      orgid: 'demo',
      subject: `client/${psaClientId}`,
      data: { psaClientId, crmCompanyId: company.id },
    });
    await stack.bus.publish(topicOf('psa'), created);
    const ticket = await psa.recordTicket('demo', { psaClientId, crmCompanyId: company.id, summary: 'New starter' });
    await psa.recordCsat('demo', { psaClientId, crmCompanyId: company.id, score: 4, ticketId: ticket.id });
    await psa.changeContract('demo', {
      contractId: 'ctr-stream',
      crmCompanyId: company.id,
      changes: [{ field: 'seats', from: '10', to: '12' }],
      crmDealId: deal.id,
    });
    await psa.changeClientStatus('demo', { psaClientId, crmCompanyId: company.id, status: 'inactive' });
    await psa.signContract('demo', { crmDealId: deal.id, crmCompanyId: company.id, psaClientId, contractId: 'ctr-stream' });
    await psa.recordTicket('demo', { ticketId: ticket.id, psaClientId, crmCompanyId: company.id, summary: 'New starter', status: 'resolved' });
    await fence();

    const STATE = `query($c: ID!, $d: ID!) {
      company(id: $c) {
        status version psaSyncState psaClientId statusHistory { from to reason changedBy }
        health { score csat ticketLoad engagement reason }
        activities(first: 50) { edges { node { id type summary source } } }
      }
      deal(id: $d) { status version closeReason stageHistory { toStage { kind } reason } }
      esignDocuments(filter: { companyId: $c }) { edges { node { id kind status version psaContractRef } } }
    }`;
    const snapshot = async () => ({ ...(await admin.ok<Record<string, unknown>>(STATE, { c: company.id, d: deal.id })), parked: (await parked(true)).length });
    const once = await snapshot();
    expect(once).toMatchObject({ company: { status: 'INACTIVE', psaSyncState: 'LINKED', psaClientId }, deal: { status: 'WON' } });

    // every event PSA published in this file, again, with the same ids
    for (const event of [created, ...psa.published]) await stack.bus.publish(topicOf('psa'), event);
    await fence();
    expect(await snapshot()).toEqual(once);
  });
});

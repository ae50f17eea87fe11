import { ParkEvent, type EventOf } from '@onegraph/consumers';
import { companyEvent } from '../companies/commands.ts';
import { closeDealWon } from '../deals/commands.ts';
import { requestEsignature } from '../esign/commands.ts';
import type { Unit } from '../../core/unit-of-work.ts';
import { insertStatusChange } from '../companies/store.ts';
import type { CompanyRow, DealRow } from '../../core/rows.ts';
import { updateRow } from '../../core/update.ts';

/**
 * PSA's client and contract events: what they change in the CRM. Each runs
 * in the consumer runtime's transaction (once per event id, with its outbox events); an event
 * naming a company or deal the organisation does not have is parked.
 */

/** PSA's client statuses and the CRM company status each one means. */
export const companyStatusOfPsa = { active: 'CUSTOMER', inactive: 'INACTIVE', churned: 'CHURNED' } as const;

/**
 * The organisation's company an event names, locked for the handler's
 * change (the handlers read it, then write it: a change committing
 * meanwhile, a promotion linking the same PSA client, is seen before deciding,
 * not overwritten); the event is parked when there is none (yet).
 */
export async function companyOrPark(unit: Unit, companyId: string): Promise<CompanyRow> {
  const { rows } = await unit.tx.query<CompanyRow>(`SELECT * FROM companies WHERE org_id = $1 AND id = $2 FOR UPDATE`, [unit.org, companyId]);
  const company = rows[0];
  if (!company) throw new ParkEvent(`unknown company ${companyId}`);
  return company;
}

/** The opportunity auto-closes as won, through the same path as a won move (a deal closed already is left alone). */
export async function onContractSigned(unit: Unit, event: EventOf<'psa.contract.signed'>): Promise<void> {
  const { data } = event;
  const { rows } = await unit.tx.query<DealRow>(`SELECT * FROM deals WHERE org_id = $1 AND id = $2`, [unit.org, data.crmDealId]);
  const deal = rows[0];
  if (!deal) throw new ParkEvent(`unknown deal ${data.crmDealId}`);
  if (deal.company_id !== data.crmCompanyId) throw new ParkEvent(`deal ${data.crmDealId} is not with company ${data.crmCompanyId}`);
  await closeDealWon(unit, deal.id, `PSA contract ${data.contractId} signed`);
}

/** The company's status follows its PSA client's, kept in the status history with PSA named as the reason. */
export async function onClientStatusChanged(unit: Unit, event: EventOf<'psa.client.status_changed'>): Promise<void> {
  const { data } = event;
  const before = await companyOrPark(unit, data.crmCompanyId);
  const status = companyStatusOfPsa[data.status];
  if (before.status === status) return;
  const company = await updateRow<CompanyRow>(unit.tx, 'companies', unit.org, before.id, { status }, unit.now);
  await insertStatusChange(unit.tx, unit.org, {
    companyId: company.id,
    from: before.status,
    to: status,
    reason: `PSA: client ${data.psaClientId} is ${data.status}`,
    by: unit.actor,
    at: new Date(data.changedAt),
  });
  unit.emit('crm.company.updated', `company/${company.id}`, { ...companyEvent(company), changed: ['status'], previousStatus: before.status });
}

/** A change of a PSA contract becomes an e-sign ADDENDUM for the client to sign, referring to the contract. */
export async function onContractChanged(unit: Unit, event: EventOf<'psa.contract.changed'>): Promise<void> {
  const { data } = event;
  const company = await companyOrPark(unit, data.crmCompanyId);
  let dealId: string | null = null;
  if (data.crmDealId) {
    const { rows } = await unit.tx.query<{ id: string }>(`SELECT id FROM deals WHERE org_id = $1 AND id = $2 AND company_id = $3`, [
      unit.org,
      data.crmDealId,
      company.id,
    ]);
    dealId = rows[0]?.id ?? null;
  }
  const fields = data.changes.map((c) => c.field).join(', ');
  await requestEsignature(unit, {
    title: `Addendum to PSA contract ${data.contractId}: ${fields}`.slice(0, 200),
    kind: 'ADDENDUM',
    companyId: company.id,
    dealId,
    psaContractRef: data.contractId,
  });
}

/** PSA created a client for the company: the company is linked to it. */
export async function onClientCreated(unit: Unit, event: EventOf<'psa.client.created'>): Promise<void> {
  const { data } = event;
  const before = await companyOrPark(unit, data.crmCompanyId);
  if (before.psa_sync_state === 'LINKED' && before.psa_client_id === data.psaClientId) return;
  const company = await updateRow<CompanyRow>(
    unit.tx,
    'companies',
    unit.org,
    before.id,
    { psa_sync_state: 'LINKED', psa_client_id: data.psaClientId },
    unit.now,
  );
  unit.emit('crm.company.updated', `company/${company.id}`, { ...companyEvent(company), changed: ['psaSyncState', 'psaClientId'] });
}

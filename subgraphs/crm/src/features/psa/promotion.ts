import { ProductCallError, type PsaClientInput } from '@onegraph/onestack-clients';
import { notFound } from '@onegraph/errors';
import type { CrmContext } from '../../core/context.ts';
import { companiesByIds, insertStatusChange } from '../companies/store.ts';
import { contactsByCompanyIds } from '../contacts/store.ts';
import { lineItemsOf } from '../deals/store.ts';
import type { CompanyRow, ContactRow } from '../../core/rows.ts';
import { updateRow } from '../../core/update.ts';
import { money } from '../../core/decimal.ts';
import { companyEvent } from '../companies/commands.ts';
import { lockRow, requireWrite, runUnit } from '../../core/unit-of-work.ts';

/**
 * Company-to-client promotion, synchronous over PSA's API: PSA creates the
 * client (with the company's contacts that have an email and the recurring
 * services of its won deals), then one transaction links it and emits
 * `crm.company.promoted`. PSA is called first and outside the transaction:
 * when it is down the mutation fails with SERVICE_UNAVAILABLE (retryable)
 * and nothing is written. The idempotency key is the company's, so a retry
 * after a lost answer gets the same PSA client, never a second one. A
 * company already promoted (or a linked CUSTOMER) is returned as it is.
 */
export async function promoteCompanyToClient(ctx: CrmContext, companyId: string): Promise<CompanyRow> {
  requireWrite(ctx);
  const { db, org } = ctx;
  const [company] = await companiesByIds(db, org, [companyId]);
  if (!company) throw notFound('Company', companyId);
  // promoted already, or a PSA client already: nothing to do. A company PSA's
  // psa.client.created linked after an attempt whose answer was lost is not
  // done yet: the retry gets the same client from PSA and records the promotion.
  if (company.psa_promoted_at || (company.psa_sync_state === 'LINKED' && company.status === 'CUSTOMER')) return company;
  if (!ctx.psa)
    throw new ProductCallError('psa', 'PSA is not connected (no PSA_API_URL configured): ask an admin to set up the PSA integration', { retryable: false });

  const contacts = await contactsByCompanyIds(db, org, [companyId]);
  const { rows: won } = await db.query<{ id: string }>(`SELECT id FROM deals WHERE org_id = $1 AND company_id = $2 AND status = 'WON' ORDER BY closed_at, id`, [
    org,
    companyId,
  ]);
  const lines = won.length
    ? await lineItemsOf(
        db,
        org,
        'deal',
        won.map((d) => d.id),
      )
    : [];
  const withEmail = contacts.filter((c): c is ContactRow & { email: string } => c.email !== null && c.email !== '');
  const input: PsaClientInput = {
    crmCompanyId: company.id,
    name: company.name,
    domain: company.domain,
    phone: company.phone,
    address: company.address as Record<string, unknown> | null,
    contacts: withEmail.map((c) => ({
      crmContactId: c.id,
      firstName: c.first_name,
      lastName: c.last_name,
      email: c.email,
      phone: c.phone,
      isPrimary: c.is_primary,
    })),
    contractLines: lines
      .filter((l) => l.billing !== 'ONE_OFF')
      .map((l) => ({ crmDealId: l.owner_id, service: l.service, quantity: money(l.quantity), unitPrice: money(l.unit_price), billing: l.billing })),
  };
  const client = await ctx.psa.createClient(org, input, `promote:${org}:${companyId}`);

  const { result, wrote } = await runUnit(db, org, ctx.principal.sub, async (unit) => {
    const before = await lockRow<CompanyRow>(unit, 'companies', 'Company', companyId);
    // a concurrent promotion recorded it meanwhile (the same client: same idempotency key). PSA's
    // psa.client.created may have linked the company already: the promotion is still recorded, once.
    if (before.psa_promoted_at) return before;
    const linked = await updateRow<CompanyRow>(
      unit.tx,
      'companies',
      org,
      companyId,
      { status: 'CUSTOMER', psa_sync_state: 'LINKED', psa_client_id: client.id, psa_promoted_at: unit.now },
      unit.now,
    );
    if (before.status !== 'CUSTOMER') {
      await insertStatusChange(unit.tx, org, {
        companyId,
        from: before.status,
        to: 'CUSTOMER',
        reason: `promoted to PSA client ${client.id}`,
        by: unit.actor,
        at: unit.now,
      });
    }
    unit.emit('crm.company.promoted', `company/${companyId}`, {
      companyId,
      name: linked.name,
      domain: linked.domain,
      phone: linked.phone,
      address: linked.address as Record<string, unknown> | null,
      contacts: withEmail.map((c) => ({
        contactId: c.id,
        firstName: c.first_name,
        lastName: c.last_name,
        email: c.email,
        phone: c.phone,
        isPrimary: c.is_primary,
      })),
      skippedContactIds: contacts.filter((c) => !c.email).map((c) => c.id),
      wonDealIds: won.map((d) => d.id),
      psaClientId: client.id,
    });
    unit.emit('crm.company.updated', `company/${companyId}`, {
      ...companyEvent(linked),
      changed: ['status', 'psaSyncState', 'psaClientId'],
      ...(before.status !== 'CUSTOMER' ? { previousStatus: before.status } : {}),
    });
    return linked;
  });
  if (wrote) ctx.outbox.wake();
  return result;
}

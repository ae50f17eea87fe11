import type { CreateCompanyInput, UpdateCompanyInput } from '../generated/resolvers-types.ts';
import { insertCompany, insertStatusChange } from '../store/companies.ts';
import { contactsByCompanyIds } from '../store/contacts.ts';
import type { CompanyRow } from '../store/rows.ts';
import { updateRow } from '../store/update.ts';
import { createCompanySchema, updateCompanySchema } from '../validation/company.ts';
import { invalidInput, parseInput, type InputIssue } from '../validation/parse.ts';
import { normalizePhone } from '../validation/phone.ts';
import { newId } from './timeline.ts';
import { invalidTransition, lockRow, type Unit } from './unit-of-work.ts';

function companyPhone(phone: string | null | undefined, region: string | null | undefined): string | null | undefined {
  if (!phone) return phone === undefined ? undefined : null;
  const result = normalizePhone(phone, region);
  if (!result.ok) invalidInput([{ path: 'input.phone', message: result.message }] satisfies InputIssue[]);
  return result.e164;
}

const eventOf = (c: CompanyRow) => ({ companyId: c.id, name: c.name, status: c.status, version: c.version });

export async function createCompany(unit: Unit, raw: CreateCompanyInput): Promise<CompanyRow> {
  const input = parseInput(createCompanySchema, raw);
  const status = input.status ?? 'PROSPECT';
  const company = await insertCompany(
    unit.tx,
    unit.org,
    newId('cmp'),
    {
      name: input.name,
      domains: [...new Set(input.domains ?? [])],
      phone: companyPhone(input.phone, input.phoneRegion ?? input.address?.country) ?? null,
      website: input.website ?? null,
      address: input.address ?? null,
      industry: input.industry ?? null,
      ownerId: input.ownerId ?? null,
      status,
      tags: [...new Set(input.tags ?? [])],
    },
    unit.now,
  );
  await insertStatusChange(unit.tx, unit.org, { companyId: company.id, from: null, to: status, reason: 'created', by: unit.actor, at: unit.now });
  unit.emit('crm.company.created', `company/${company.id}`, eventOf(company));
  return company;
}

export async function updateCompany(unit: Unit, id: string, expectedVersion: number, raw: UpdateCompanyInput): Promise<CompanyRow> {
  const input = parseInput(updateCompanySchema, raw);
  const before = await lockRow<CompanyRow>(unit, 'companies', 'Company', id, expectedVersion);
  const region = input.phoneRegion ?? input.address?.country ?? before.address?.country;
  const domains = input.domains === undefined ? undefined : [...new Set(input.domains ?? [])];
  const values: Record<string, unknown> = {
    name: input.name,
    domains,
    domain: domains === undefined ? undefined : (domains[0] ?? null),
    phone: companyPhone(input.phone, region),
    website: input.website,
    address: input.address === undefined ? undefined : input.address === null ? null : JSON.stringify(input.address),
    industry: input.industry,
    owner_id: input.ownerId,
    status: input.status ?? undefined,
    tags: input.tags === undefined ? undefined : [...new Set(input.tags ?? [])],
  };
  const company = await updateRow<CompanyRow>(unit.tx, 'companies', unit.org, id, values, unit.now);
  const statusChanged = company.status !== before.status;
  if (statusChanged) {
    await insertStatusChange(unit.tx, unit.org, { companyId: id, from: before.status, to: company.status, reason: input.statusReason ?? null, by: unit.actor, at: unit.now });
  }
  const changed = Object.keys(raw).filter((k) => k !== 'phoneRegion' && k !== 'statusReason');
  unit.emit('crm.company.updated', `company/${id}`, { ...eventOf(company), changed, ...(statusChanged ? { previousStatus: before.status } : {}) });
  return company;
}

/**
 * Promotion to a PSA client: the company becomes a CUSTOMER with its PSA
 * sync PENDING, and `crm.company.promoted` carries what PSA needs (contacts
 * with an email; the others are listed as skipped).
 */
export async function promoteCompany(unit: Unit, id: string, expectedVersion: number): Promise<CompanyRow> {
  const before = await lockRow<CompanyRow>(unit, 'companies', 'Company', id, expectedVersion);
  if (before.psa_sync_state !== 'NOT_LINKED') {
    throw invalidTransition(`Company ${id} is already ${before.psa_sync_state === 'LINKED' ? 'a PSA client' : 'being promoted to PSA'}`, {
      id,
      psaSyncState: before.psa_sync_state,
    });
  }
  const company = await updateRow<CompanyRow>(unit.tx, 'companies', unit.org, id, { status: 'CUSTOMER', psa_sync_state: 'PENDING' }, unit.now);
  if (before.status !== 'CUSTOMER') {
    await insertStatusChange(unit.tx, unit.org, { companyId: id, from: before.status, to: 'CUSTOMER', reason: 'promoted to PSA', by: unit.actor, at: unit.now });
  }
  const contacts = await contactsByCompanyIds(unit.tx, unit.org, [id]);
  const { rows: won } = await unit.tx.query<{ id: string }>(`SELECT id FROM deals WHERE org_id = $1 AND company_id = $2 AND status = 'WON' ORDER BY closed_at`, [unit.org, id]);
  unit.emit('crm.company.promoted', `company/${id}`, {
    companyId: id,
    name: company.name,
    domain: company.domain,
    phone: company.phone,
    address: company.address as Record<string, unknown> | null,
    contacts: contacts
      .filter((c) => c.email)
      .map((c) => ({ contactId: c.id, firstName: c.first_name, lastName: c.last_name, email: c.email!, phone: c.phone, isPrimary: c.is_primary })),
    skippedContactIds: contacts.filter((c) => !c.email).map((c) => c.id),
    wonDealIds: won.map((d) => d.id),
  });
  unit.emit('crm.company.updated', `company/${id}`, { ...eventOf(company), changed: ['status', 'psaSyncState'], ...(before.status !== 'CUSTOMER' ? { previousStatus: before.status } : {}) });
  return company;
}

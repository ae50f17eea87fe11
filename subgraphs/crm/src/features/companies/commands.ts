import type { CreateCompanyInput, UpdateCompanyInput } from '../../generated/resolvers-types.ts';
import { insertCompany, insertStatusChange } from './store.ts';
import type { CompanyRow } from '../../core/rows.ts';
import { updateRow } from '../../core/update.ts';
import { createCompanySchema, updateCompanySchema } from './validation.ts';
import { invalidInput, parseInput, type InputIssue } from '../../core/parse.ts';
import { normalizePhone } from '../../core/phone.ts';
import { newId } from '../../core/ids.ts';
import { lockRow, type Unit } from '../../core/unit-of-work.ts';

function companyPhone(phone: string | null | undefined, region: string | null | undefined): string | null | undefined {
  if (!phone) return phone === undefined ? undefined : null;
  const result = normalizePhone(phone, region);
  if (!result.ok) invalidInput([{ path: 'input.phone', message: result.message }] satisfies InputIssue[]);
  return result.e164;
}

export const companyEvent = (c: CompanyRow) => ({ companyId: c.id, name: c.name, status: c.status, version: c.version });

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
  unit.emit('crm.company.created', `company/${company.id}`, companyEvent(company));
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
    await insertStatusChange(unit.tx, unit.org, {
      companyId: id,
      from: before.status,
      to: company.status,
      reason: input.statusReason ?? null,
      by: unit.actor,
      at: unit.now,
    });
  }
  const changed = Object.keys(raw).filter((k) => k !== 'phoneRegion' && k !== 'statusReason');
  unit.emit('crm.company.updated', `company/${id}`, { ...companyEvent(company), changed, ...(statusChanged ? { previousStatus: before.status } : {}) });
  return company;
}

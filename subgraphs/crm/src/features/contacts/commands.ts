import type { CreateContactInput, UpdateContactInput } from '../../generated/resolvers-types.ts';
import { matchEarlierEmails } from '../m365/earlier-emails.ts';
import { clearPrimary, contactColumns, insertContact } from './store.ts';
import type { CompanyRow, ContactRow, PhoneEntry } from '../../core/rows.ts';
import { updateRow } from '../../core/update.ts';
import { createContactSchema, updateContactSchema } from './validation.ts';
import { invalidInput, parseInput, type InputIssue } from '../../core/parse.ts';
import { normalizePhones } from '../../core/phone.ts';
import { newId } from '../../core/ids.ts';
import { lockRow, requireRow, type Unit } from '../../core/unit-of-work.ts';

type PhonesInput = { number: string; kind?: PhoneEntry['kind'] | null | undefined }[] | null | undefined;

/** E.164 phones, each read in `region` when it has no country code; BAD_USER_INPUT names each bad one. */
function phonesOf(phones: PhonesInput, region: string | null | undefined): PhoneEntry[] | undefined {
  if (phones === undefined) return undefined;
  const issues: InputIssue[] = [];
  const numbers = normalizePhones(
    (phones ?? []).map((p) => p.number),
    region,
    (i) => `input.phones.${i}.number`,
    issues,
  );
  if (issues.length) invalidInput(issues);
  const seen = new Set<string>();
  return (phones ?? []).flatMap((p, i) => (seen.has(numbers[i]!) ? [] : (seen.add(numbers[i]!), [{ number: numbers[i]!, kind: p.kind ?? 'WORK' }])));
}

const eventOf = (c: ContactRow) => ({ contactId: c.id, companyId: c.company_id, version: c.version });

/** Demotes the company's other primary contact, announcing the change. */
async function takePrimary(unit: Unit, companyId: string) {
  for (const demoted of await clearPrimary(unit.tx, unit.org, companyId, unit.now)) {
    unit.emit('crm.contact.updated', `contact/${demoted.id}`, { ...eventOf(demoted), changed: ['isPrimary'] });
  }
}

export async function createContact(unit: Unit, raw: CreateContactInput): Promise<ContactRow> {
  const input = parseInput(createContactSchema, raw);
  const company = await requireRow<CompanyRow>(unit, 'companies', 'Company', input.companyId, 'input.companyId');
  const phones = phonesOf(input.phones, input.phoneRegion ?? company.address?.country) ?? [];
  if (input.isPrimary) await takePrimary(unit, company.id);
  const contact = await insertContact(
    unit.tx,
    unit.org,
    newId('con'),
    company.id,
    {
      firstName: input.firstName,
      lastName: input.lastName ?? '',
      emails: [...new Set(input.emails ?? [])],
      phones,
      title: input.title ?? null,
      isPrimary: input.isPrimary ?? false,
    },
    unit.now,
  );
  unit.emit('crm.contact.created', `contact/${contact.id}`, eventOf(contact));
  await matchEarlierEmails(unit, contact);
  return contact;
}

export async function updateContact(unit: Unit, id: string, expectedVersion: number, raw: UpdateContactInput): Promise<ContactRow> {
  const input = parseInput(updateContactSchema, raw);
  const before = await lockRow<ContactRow>(unit, 'contacts', 'Contact', id, expectedVersion);
  let region = input.phoneRegion;
  if (!region && input.phones) {
    const { rows } = await unit.tx.query<CompanyRow>(`SELECT * FROM companies WHERE org_id = $1 AND id = $2`, [unit.org, before.company_id]);
    region = rows[0]?.address?.country;
  }
  const phones = phonesOf(input.phones, region);
  if (input.isPrimary && !before.is_primary) await takePrimary(unit, before.company_id);
  const contact = await updateRow<ContactRow>(
    unit.tx,
    'contacts',
    unit.org,
    id,
    contactColumns({
      ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
      ...(input.lastName !== undefined ? { lastName: input.lastName ?? '' } : {}),
      ...(input.emails !== undefined ? { emails: [...new Set(input.emails ?? [])] } : {}),
      ...(phones !== undefined ? { phones } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.isPrimary !== undefined && input.isPrimary !== null ? { isPrimary: input.isPrimary } : {}),
    }),
    unit.now,
  );
  unit.emit('crm.contact.updated', `contact/${id}`, { ...eventOf(contact), changed: Object.keys(raw).filter((k) => k !== 'phoneRegion') });
  // every address, not only new ones: matching is idempotent, and an address saved again costs one indexed query
  if (input.emails !== undefined) await matchEarlierEmails(unit, contact);
  return contact;
}

export async function deleteContact(unit: Unit, id: string, expectedVersion: number): Promise<string> {
  const contact = await lockRow<ContactRow>(unit, 'contacts', 'Contact', id, expectedVersion);
  await unit.tx.query(`UPDATE deals SET contact_id = NULL WHERE org_id = $1 AND contact_id = $2`, [unit.org, id]);
  await unit.tx.query(`DELETE FROM contacts WHERE org_id = $1 AND id = $2`, [unit.org, id]);
  unit.emit('crm.contact.deleted', `contact/${id}`, eventOf(contact));
  return id;
}

import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@onegraph/bus';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

interface Contact {
  id: string;
  name: string;
  email: string | null;
  emails: string[];
  phone: string | null;
  phones: { number: string; kind: string }[];
  isPrimary: boolean;
  version: number;
  company: { id: string };
}
const FIELDS = `id name email emails phone phones { number kind } isPrimary version company { id }`;
const CREATE = `mutation($input: CreateContactInput!) { createContact(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateContactInput!) { updateContact(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`;
const DELETE = `mutation($id: ID!, $v: Int!) { deleteContact(id: $id, expectedVersion: $v) }`;
const BY_PHONE = `query($phone: String!, $region: String) { contactByPhone(phone: $phone, region: $region) { id name } }`;
const LIST = `query($filter: ContactFilter, $orderBy: ContactOrder, $first: Int, $after: String) {
  contacts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } }
}`;
interface ContactPage {
  contacts: { edges: { node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('contacts through the gateway', () => {
  const stack = useStack({ bus: createMemoryBus() });
  let demo: CrmClient;
  let other: CrmClient;
  beforeAll(async () => {
    demo = crmClient(stack, 'demo');
    other = crmClient(stack, 'demo-2');
  });

  it('creates a contact with phones in E.164, national numbers read in the company’s country', async () => {
    const { createContact: c } = await demo.ok<{ createContact: Contact }>(CREATE, {
      input: {
        companyId: 'cmp_acme',
        firstName: 'Tom',
        lastName: 'Reyes',
        emails: ['Tom@AcmeDental.com'],
        phones: [{ number: '(415) 555-0177', kind: 'MOBILE' }, { number: '+1 415-555-0178' }],
        title: 'Dentist',
      },
    });
    expect(c).toMatchObject({
      name: 'Tom Reyes',
      email: 'tom@acmedental.com',
      phone: '+14155550177',
      phones: [
        { number: '+14155550177', kind: 'MOBILE' },
        { number: '+14155550178', kind: 'WORK' },
      ],
      isPrimary: false,
      version: 1,
      company: { id: 'cmp_acme' },
    });
  });

  it('reads a national number in the region given, and refuses one that cannot be a phone number, naming it', async () => {
    const { createContact: c } = await demo.ok<{ createContact: Contact }>(CREATE, {
      input: { companyId: 'cmp_cobalt', firstName: 'Liam', phones: [{ number: '020 7946 0958' }], phoneRegion: 'GB' },
    });
    expect(c.phone).toBe('+442079460958');
    const error = await demo.fails('BAD_USER_INPUT', CREATE, {
      input: { companyId: 'cmp_acme', firstName: 'Bad', phones: [{ number: '+14155550199' }, { number: '555-CALL-NOW-PLEASE' }], emails: ['nope'] },
    });
    expect(error.extensions!['issues']).toEqual(expect.arrayContaining([{ path: 'input.emails.0', message: 'not an email address' }]));
    const phones = await demo.fails('BAD_USER_INPUT', CREATE, {
      input: { companyId: 'cmp_acme', firstName: 'Bad', phones: [{ number: '+14155550199' }, { number: '12' }] },
    });
    expect(phones.extensions!['issues']).toEqual([{ path: 'input.phones.1.number', message: '"12" is not a valid phone number in US' }]);
  });

  it('routes an inbound call to the contact whatever the notation, within the caller’s organisation', async () => {
    expect(await demo.ok(BY_PHONE, { phone: '+1 (415) 555-0101' })).toEqual({ contactByPhone: { id: 'con_acme_jane', name: 'Jane Okafor' } });
    expect(await demo.ok(BY_PHONE, { phone: '415 555 0101', region: 'us' })).toEqual({ contactByPhone: { id: 'con_acme_jane', name: 'Jane Okafor' } });
    expect(await demo.ok(BY_PHONE, { phone: '+1 415 555 0150' })).toEqual({ contactByPhone: null });
    expect(await other.ok(BY_PHONE, { phone: '+14155550101' })).toEqual({ contactByPhone: null });
    expect(await other.ok(BY_PHONE, { phone: '020 7183 8751', region: 'GB' })).toEqual({ contactByPhone: { id: 'con_north_ana', name: 'Ana Silva' } });
    const bad = await demo.fails('BAD_USER_INPUT', BY_PHONE, { phone: '0415 555' });
    expect(bad.message).toContain('include the country code');
  });

  it('makes one contact primary at a time, versions every change, and refuses stale ones', async () => {
    const { createContact: c } = await demo.ok<{ createContact: Contact }>(CREATE, {
      input: { companyId: 'cmp_acme', firstName: 'Pri', lastName: 'Mary', isPrimary: true },
    });
    expect(c.isPrimary).toBe(true);
    const { contact: jane } = await demo.ok<{ contact: Contact }>(`{ contact(id: "con_acme_jane") { ${FIELDS} } }`);
    expect(jane).toMatchObject({ isPrimary: false, version: 2 });

    const { updateContact: u } = await demo.ok<{ updateContact: Contact }>(UPDATE, {
      id: c.id,
      v: 1,
      input: { lastName: 'Marie', emails: ['pri@acmedental.com'] },
    });
    expect(u).toMatchObject({ name: 'Pri Marie', email: 'pri@acmedental.com', version: 2 });
    const stale = await demo.fails('STALE_VERSION', UPDATE, { id: c.id, v: 1, input: { title: 'x' } });
    expect(stale.extensions!['currentVersion']).toBe(2);
    await other.fails('NOT_FOUND', UPDATE, { id: c.id, v: 2, input: { title: 'x' } });
  });

  it('deletes a contact with its version', async () => {
    const { createContact: c } = await demo.ok<{ createContact: Contact }>(CREATE, {
      input: { companyId: 'cmp_brightline', firstName: 'Short', lastName: 'Lived' },
    });
    // deleting needs crm.contacts.delete: an Admin's, not a Member's
    await demo.fails('FORBIDDEN', DELETE, { id: c.id, v: 1 });
    const admin = crmClient(stack, 'demo', 'Admin');
    await admin.fails('STALE_VERSION', DELETE, { id: c.id, v: 5 });
    await crmClient(stack, 'demo-2', 'Admin').fails('NOT_FOUND', DELETE, { id: c.id, v: 1 });
    expect(await admin.ok(DELETE, { id: c.id, v: 1 })).toEqual({ deleteContact: c.id });
    expect(await demo.ok(`query($id: ID!) { contact(id: $id) { id } }`, { id: c.id })).toEqual({ contact: null });
    await admin.fails('NOT_FOUND', DELETE, { id: c.id, v: 1 });
  });

  it('lists contacts by company, email and search, sorted and paged', async () => {
    const acme = await demo.ok<ContactPage>(LIST, { filter: { companyId: 'cmp_acme' }, first: 50 });
    expect(acme.contacts.edges.map((e) => e.node.name)).toEqual(expect.arrayContaining(['Jane Okafor', 'Raj Patel']));
    expect((await demo.ok<ContactPage>(LIST, { filter: { email: 'RAJ@acmedental.com' } })).contacts.edges.map((e) => e.node.id)).toEqual(['con_acme_raj']);
    expect((await demo.ok<ContactPage>(LIST, { filter: { search: 'okaf' } })).contacts.edges.map((e) => e.node.id)).toEqual(['con_acme_jane']);
    const first = await demo.ok<ContactPage>(LIST, { first: 1, orderBy: { field: 'NAME', direction: 'ASC' } });
    const second = await demo.ok<ContactPage>(LIST, { first: 1, after: first.contacts.pageInfo.endCursor, orderBy: { field: 'NAME', direction: 'ASC' } });
    expect(first.contacts.pageInfo.hasNextPage).toBe(true);
    expect(second.contacts.edges[0]!.node.id).not.toBe(first.contacts.edges[0]!.node.id);
    const theirs = await other.ok<ContactPage>(LIST, { first: 100 });
    expect(theirs.contacts.edges.map((e) => e.node.id)).toEqual(['con_north_ana']);
  });
});

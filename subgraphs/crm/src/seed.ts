import type { Db } from '@onegraph/db';

/**
 * Demo data for the organisations `demo` and `demo-2`: different companies,
 * contacts, deals and activities, so tenant isolation can be seen by eye.
 * Ids are stable (the simulators and docs refer to them) and seeding twice
 * changes nothing.
 */
export const demoData = {
  demo: {
    companies: [
      { id: 'cmp_acme', name: 'Acme Dental Group', domain: 'acmedental.com', phone: '+14155550100', status: 'CUSTOMER', psaClientId: 'psa-client-100' },
      { id: 'cmp_brightline', name: 'Brightline Legal LLP', domain: 'brightlinelegal.com', phone: '+14155550111', status: 'PROSPECT', psaClientId: null },
      { id: 'cmp_cobalt', name: 'Cobalt Logistics', domain: 'cobaltlogistics.io', phone: '+13125550122', status: 'LEAD', psaClientId: null },
    ],
    contacts: [
      { id: 'con_acme_jane', companyId: 'cmp_acme', firstName: 'Jane', lastName: 'Okafor', email: 'jane@acmedental.com', phone: '+14155550101', title: 'Practice Manager', isPrimary: true },
      { id: 'con_acme_raj', companyId: 'cmp_acme', firstName: 'Raj', lastName: 'Patel', email: 'raj@acmedental.com', phone: null, title: 'IT Lead', isPrimary: false },
      { id: 'con_bright_lee', companyId: 'cmp_brightline', firstName: 'Morgan', lastName: 'Lee', email: 'mlee@brightlinelegal.com', phone: '+14155550112', title: 'Managing Partner', isPrimary: true },
    ],
    deals: [
      { id: 'deal_acme_managed', companyId: 'cmp_acme', title: 'Managed services renewal', stage: 'Negotiation', value: '48000.00', currency: 'USD', status: 'OPEN' },
      { id: 'deal_bright_m365', companyId: 'cmp_brightline', title: 'M365 migration', stage: 'Proposal', value: '12500.00', currency: 'USD', status: 'OPEN' },
    ],
    activities: [
      { id: 'act_acme_note', companyId: 'cmp_acme', type: 'NOTE', summary: 'Quarterly business review booked', source: 'CRM', occurredAt: '2026-11-02T15:00:00Z' },
      { id: 'act_acme_call', companyId: 'cmp_acme', type: 'CALL', summary: 'Call with Jane about the renewal', source: 'VOICE', occurredAt: '2026-11-10T17:30:00Z' },
    ],
  },
  'demo-2': {
    companies: [
      { id: 'cmp_northwind', name: 'Northwind Clinics', domain: 'northwindclinics.org', phone: '+442071838750', status: 'CUSTOMER', psaClientId: 'psa-client-200' },
      { id: 'cmp_harbor', name: 'Harbor Accounting', domain: 'harboraccounting.co.uk', phone: '+441614960000', status: 'PROSPECT', psaClientId: null },
    ],
    contacts: [
      { id: 'con_north_ana', companyId: 'cmp_northwind', firstName: 'Ana', lastName: 'Silva', email: 'ana@northwindclinics.org', phone: '+442071838751', title: 'Operations Director', isPrimary: true },
    ],
    deals: [
      { id: 'deal_north_security', companyId: 'cmp_northwind', title: 'Security awareness bundle', stage: 'Discovery', value: '9000.00', currency: 'GBP', status: 'OPEN' },
    ],
    activities: [
      { id: 'act_north_meeting', companyId: 'cmp_northwind', type: 'MEETING', summary: 'Onsite security assessment', source: 'CRM', occurredAt: '2026-11-05T10:00:00Z' },
    ],
  },
} as const;

export async function seedDemoData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [org, data] of Object.entries(demoData)) {
      for (const c of data.companies) {
        await tx.query(
          `INSERT INTO companies (org_id, id, name, domain, phone, status) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [org, c.id, c.name, c.domain, c.phone, c.status],
        );
      }
      for (const c of data.contacts) {
        await tx.query(
          `INSERT INTO contacts (org_id, id, company_id, first_name, last_name, email, phone, title, is_primary)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          [org, c.id, c.companyId, c.firstName, c.lastName, c.email, c.phone, c.title, c.isPrimary],
        );
      }
      for (const d of data.deals) {
        await tx.query(
          `INSERT INTO deals (org_id, id, company_id, title, stage, value, currency, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [org, d.id, d.companyId, d.title, d.stage, d.value, d.currency, d.status],
        );
      }
      for (const a of data.activities) {
        await tx.query(
          `INSERT INTO activities (org_id, id, company_id, type, summary, source, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [org, a.id, a.companyId, a.type, a.summary, a.source, a.occurredAt],
        );
      }
    }
  });
}

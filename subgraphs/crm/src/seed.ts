import type { Db, Queryable } from '@onegraph/db';
import { runUnit } from './core/unit-of-work.ts';
import { recomputeHealth } from './features/health/store.ts';

/** The stages of the demo pipelines: [key, name, probability, kind]. */
const newBusiness = [
  ['lead', 'Lead', 10, 'OPEN'],
  ['qualification', 'Qualification', 20, 'OPEN'],
  ['discovery', 'Discovery', 40, 'OPEN'],
  ['proposal', 'Proposal', 60, 'OPEN'],
  ['negotiation', 'Negotiation', 80, 'OPEN'],
  ['won', 'Won', 100, 'WON'],
  ['lost', 'Lost', 0, 'LOST'],
] as const;
const renewals = [
  ['due', 'Renewal Due', 30, 'OPEN'],
  ['review', 'Review', 50, 'OPEN'],
  ['proposal', 'Proposal', 70, 'OPEN'],
  ['approved', 'Approved', 90, 'OPEN'],
  ['won', 'Won', 100, 'WON'],
  ['lost', 'Lost', 0, 'LOST'],
] as const;

const pipelinesOf = (prefix: string, currency: string) => [
  {
    id: `pl_${prefix}_new_business`,
    name: 'New Business',
    currency,
    stages: newBusiness.map(([key, ...rest]) => [`stg_${prefix}_nb_${key}`, ...rest] as const),
  },
  { id: `pl_${prefix}_renewals`, name: 'Renewals', currency, stages: renewals.map(([key, ...rest]) => [`stg_${prefix}_rn_${key}`, ...rest] as const) },
];

type Line = readonly [service: string, quantity: string, unitPrice: string, billing: string, glAccount: string];

/**
 * Demo data for the organisations `demo` and `demo-2`: different companies,
 * contacts, pipelines, deals, quotes and activities, so tenant isolation can
 * be seen by eye. Ids are stable (the simulators, tests and docs refer to
 * them) and seeding twice changes nothing.
 */
export const demoData = {
  demo: {
    pipelines: pipelinesOf('demo', 'USD'),
    companies: [
      {
        id: 'cmp_acme',
        name: 'Acme Dental Group',
        domain: 'acmedental.com',
        phone: '+14155550100',
        status: 'CUSTOMER',
        psaClientId: 'psa-client-100',
        industry: 'Healthcare',
        country: 'US',
        city: 'San Francisco',
        tags: ['dental', 'managed'],
      },
      {
        id: 'cmp_brightline',
        name: 'Brightline Legal LLP',
        domain: 'brightlinelegal.com',
        phone: '+14155550111',
        status: 'PROSPECT',
        psaClientId: null,
        industry: 'Legal',
        country: 'US',
        city: 'Oakland',
        tags: ['legal'],
      },
      {
        id: 'cmp_cobalt',
        name: 'Cobalt Logistics',
        domain: 'cobaltlogistics.io',
        phone: '+13125550122',
        status: 'LEAD',
        psaClientId: null,
        industry: 'Logistics',
        country: 'US',
        city: 'Chicago',
        tags: [],
      },
    ],
    contacts: [
      {
        id: 'con_acme_jane',
        companyId: 'cmp_acme',
        firstName: 'Jane',
        lastName: 'Okafor',
        email: 'jane@acmedental.com',
        phone: '+14155550101',
        title: 'Practice Manager',
        isPrimary: true,
      },
      {
        id: 'con_acme_raj',
        companyId: 'cmp_acme',
        firstName: 'Raj',
        lastName: 'Patel',
        email: 'raj@acmedental.com',
        phone: null,
        title: 'IT Lead',
        isPrimary: false,
      },
      {
        id: 'con_bright_lee',
        companyId: 'cmp_brightline',
        firstName: 'Morgan',
        lastName: 'Lee',
        email: 'mlee@brightlinelegal.com',
        phone: '+14155550112',
        title: 'Managing Partner',
        isPrimary: true,
      },
    ],
    deals: [
      {
        id: 'deal_acme_managed',
        companyId: 'cmp_acme',
        contactId: 'con_acme_jane',
        title: 'Managed services renewal',
        pipelineId: 'pl_demo_new_business',
        stageId: 'stg_demo_nb_negotiation',
        stage: 'Negotiation',
        value: '48000.00',
        mrr: '4000.00',
        termMonths: 12,
        currency: 'USD',
        status: 'OPEN',
        expectedCloseDate: '2026-12-15',
        lines: [['Managed IT, per user', '40', '100.00', 'MONTHLY', '4000']] as Line[],
      },
      {
        id: 'deal_bright_m365',
        companyId: 'cmp_brightline',
        contactId: 'con_bright_lee',
        title: 'M365 migration',
        pipelineId: 'pl_demo_new_business',
        stageId: 'stg_demo_nb_proposal',
        stage: 'Proposal',
        value: '12500.00',
        mrr: '0.00',
        termMonths: null,
        currency: 'USD',
        status: 'OPEN',
        expectedCloseDate: '2027-01-31',
        lines: [
          ['M365 tenant migration', '1', '9500.00', 'ONE_OFF', '4100'],
          ['Mailbox migration, per mailbox', '30', '100.00', 'ONE_OFF', '4100'],
        ] as Line[],
      },
      {
        id: 'deal_cobalt_security',
        companyId: 'cmp_cobalt',
        contactId: null,
        title: 'Security assessment',
        pipelineId: 'pl_demo_new_business',
        stageId: 'stg_demo_nb_lead',
        stage: 'Lead',
        value: '6000.00',
        mrr: '0.00',
        termMonths: null,
        currency: 'USD',
        status: 'OPEN',
        expectedCloseDate: null,
        lines: [] as Line[],
      },
    ],
    quotes: [
      {
        id: 'quo_acme_1001',
        number: 'Q-1001',
        dealId: 'deal_acme_managed',
        companyId: 'cmp_acme',
        contactId: 'con_acme_jane',
        title: 'Managed services renewal',
        status: 'SENT',
        taxRate: '0',
        subtotal: '4000.00',
        tax: '0.00',
        total: '4000.00',
        monthly: '4000.00',
        shareToken: 'demo-share-acme-q1001',
        lines: [['Managed IT, per user', '40', '100.00', 'MONTHLY', '4000']] as Line[],
      },
    ],
    activities: [
      {
        id: 'act_acme_note',
        companyId: 'cmp_acme',
        type: 'NOTE',
        summary: 'Quarterly business review booked',
        source: 'CRM',
        occurredAt: '2026-11-02T15:00:00Z',
      },
      {
        id: 'act_acme_call',
        companyId: 'cmp_acme',
        type: 'CALL',
        summary: 'Call with Jane about the renewal',
        source: 'VOICE',
        occurredAt: '2026-11-10T17:30:00Z',
      },
    ],
  },
  'demo-2': {
    pipelines: pipelinesOf('demo2', 'GBP'),
    companies: [
      {
        id: 'cmp_northwind',
        name: 'Northwind Clinics',
        domain: 'northwindclinics.org',
        phone: '+442071838750',
        status: 'CUSTOMER',
        psaClientId: 'psa-client-200',
        industry: 'Healthcare',
        country: 'GB',
        city: 'London',
        tags: ['clinics'],
      },
      {
        id: 'cmp_harbor',
        name: 'Harbor Accounting',
        domain: 'harboraccounting.co.uk',
        phone: '+441614960000',
        status: 'PROSPECT',
        psaClientId: null,
        industry: 'Accounting',
        country: 'GB',
        city: 'Manchester',
        tags: [],
      },
    ],
    contacts: [
      {
        id: 'con_north_ana',
        companyId: 'cmp_northwind',
        firstName: 'Ana',
        lastName: 'Silva',
        email: 'ana@northwindclinics.org',
        phone: '+442071838751',
        title: 'Operations Director',
        isPrimary: true,
      },
    ],
    deals: [
      {
        id: 'deal_north_security',
        companyId: 'cmp_northwind',
        contactId: 'con_north_ana',
        title: 'Security awareness bundle',
        pipelineId: 'pl_demo2_new_business',
        stageId: 'stg_demo2_nb_discovery',
        stage: 'Discovery',
        value: '9000.00',
        mrr: '750.00',
        termMonths: 12,
        currency: 'GBP',
        status: 'OPEN',
        expectedCloseDate: '2027-02-28',
        lines: [['Security awareness training, per seat', '50', '15.00', 'MONTHLY', '4000']] as Line[],
      },
    ],
    quotes: [],
    activities: [
      {
        id: 'act_north_meeting',
        companyId: 'cmp_northwind',
        type: 'MEETING',
        summary: 'Onsite security assessment',
        source: 'CRM',
        occurredAt: '2026-11-05T10:00:00Z',
      },
    ],
  },
} as const;

async function insertLines(tx: Queryable, org: string, kind: 'deal' | 'quote', ownerId: string, lines: readonly Line[]) {
  for (const [position, [service, quantity, unitPrice, billing, glAccount]] of lines.entries()) {
    await tx.query(
      `INSERT INTO line_items (org_id, owner_kind, owner_id, position, service, quantity, unit_price, billing, gl_account) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [org, kind, ownerId, position, service, quantity, unitPrice, billing, glAccount],
    );
  }
}

export async function seedDemoData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [org, data] of Object.entries(demoData)) {
      for (const [position, p] of data.pipelines.entries()) {
        await tx.query(`INSERT INTO pipelines (org_id, id, name, currency, position) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
          org,
          p.id,
          p.name,
          p.currency,
          position,
        ]);
        for (const [i, [id, name, probability, kind]] of p.stages.entries()) {
          await tx.query(
            `INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
            [org, id, p.id, name, i, probability, kind],
          );
        }
      }
      for (const c of data.companies) {
        await tx.query(
          `INSERT INTO companies (org_id, id, name, domain, domains, phone, status, industry, address, tags, psa_sync_state, psa_client_id, website)
           VALUES ($1, $2, $3, $4, ARRAY[$4], $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
          [
            org,
            c.id,
            c.name,
            c.domain,
            c.phone,
            c.status,
            c.industry,
            JSON.stringify({ city: c.city, country: c.country }),
            c.tags,
            c.psaClientId ? 'LINKED' : 'NOT_LINKED',
            c.psaClientId,
            `https://${c.domain}`,
          ],
        );
        await tx.query(
          `INSERT INTO company_status_history (org_id, company_id, to_status, reason, changed_by) SELECT $1, $2, $3, 'created', 'seed'
           WHERE NOT EXISTS (SELECT 1 FROM company_status_history WHERE org_id = $1 AND company_id = $2)`,
          [org, c.id, c.status],
        );
      }
      for (const c of data.contacts) {
        await tx.query(
          `INSERT INTO contacts (org_id, id, company_id, first_name, last_name, email, emails, phone, phones, phone_numbers, title, is_primary)
           VALUES ($1, $2, $3, $4, $5, $6, ARRAY[$6], $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
          [
            org,
            c.id,
            c.companyId,
            c.firstName,
            c.lastName,
            c.email,
            c.phone,
            JSON.stringify(c.phone ? [{ number: c.phone, kind: 'WORK' }] : []),
            c.phone ? [c.phone] : [],
            c.title,
            c.isPrimary,
          ],
        );
      }
      for (const d of data.deals) {
        await tx.query(
          `INSERT INTO deals (org_id, id, company_id, contact_id, title, pipeline_id, stage_id, stage, value, mrr, term_months, currency, status, expected_close_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
          [
            org,
            d.id,
            d.companyId,
            d.contactId,
            d.title,
            d.pipelineId,
            d.stageId,
            d.stage,
            d.value,
            d.mrr,
            d.termMonths,
            d.currency,
            d.status,
            d.expectedCloseDate,
          ],
        );
        await tx.query(
          `INSERT INTO deal_stage_history (org_id, deal_id, to_stage_id, changed_by) SELECT $1, $2, $3, 'seed'
           WHERE NOT EXISTS (SELECT 1 FROM deal_stage_history WHERE org_id = $1 AND deal_id = $2)`,
          [org, d.id, d.stageId],
        );
        await insertLines(tx, org, 'deal', d.id, d.lines);
      }
      for (const q of data.quotes) {
        await tx.query(
          `INSERT INTO quotes (org_id, id, number, title, status, company_id, deal_id, contact_id, currency, tax_rate, subtotal, tax, total, monthly_recurring, share_token, sent_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'USD', $9, $10, $11, $12, $13, $14, now()) ON CONFLICT DO NOTHING`,
          [org, q.id, q.number, q.title, q.status, q.companyId, q.dealId, q.contactId, q.taxRate, q.subtotal, q.tax, q.total, q.monthly, q.shareToken],
        );
        await insertLines(tx, org, 'quote', q.id, q.lines);
        await tx.query(`INSERT INTO org_counters (org_id, name, value) VALUES ($1, 'quote', $2) ON CONFLICT DO NOTHING`, [org, Number(q.number.slice(2))]);
      }
      for (const a of data.activities) {
        await tx.query(
          `INSERT INTO activities (org_id, id, company_id, type, summary, source, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [org, a.id, a.companyId, a.type, a.summary, a.source, a.occurredAt],
        );
      }
    }
  });
  // health scores of the seeded companies, as their timelines give them (a no-op when unchanged)
  for (const [org, data] of Object.entries(demoData)) {
    await runUnit(db, org, 'seed', async (unit) => {
      for (const c of data.companies) await recomputeHealth(unit, c.id, 'seed');
    });
  }
}

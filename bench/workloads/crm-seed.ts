import type { Queryable } from '@onegraph/db';

/**
 * Bench data for the CRM dashboard workload, on top of the demo seed of the
 * `demo` organisation: `count` more companies, each with contacts, deals and
 * timeline entries, created through crm's own GraphQL mutations (its public
 * contract: validation, defaults and invariants apply, and no table layout is
 * assumed), and PSA figures for every other one in the integrations read model.
 * Deterministic content; ids are crm's.
 */
export const BENCH_ORG = 'demo';

const words = ['Alder', 'Beacon', 'Cedar', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Keystone', 'Lumen', 'Maple', 'Nimbus'];
const kinds = ['Dental', 'Legal', 'Logistics', 'Clinics', 'Accounting', 'Architects', 'Engineering', 'Realty', 'Insurance', 'Schools'];
const statuses = ['LEAD', 'PROSPECT', 'ACTIVE', 'CUSTOMER', 'CUSTOMER', 'INACTIVE'];
const firstNames = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro'];
const lastNames = ['Okafor', 'Patel', 'Silva', 'Nguyen', 'Kowalski', 'Haddad', 'Moreau', 'Lindqvist'];
const activityTypes: [type: string, source: string][] = [
  ['NOTE', 'CRM'],
  ['CALL', 'VOICE'],
  ['EMAIL', 'M365'],
  ['MEETING', 'CRM'],
  ['TASK', 'CRM'],
];

/** Sends one GraphQL operation to the crm subgraph (with an internal identity token) and returns its data. */
export type CrmRequest = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, unknown>>;

interface Mutation {
  field: string;
  inputType: string;
  input: Record<string, unknown>;
}

/** Runs mutations as one document of aliased fields (executed in order); returns each one's `id`. */
async function mutate(request: CrmRequest, mutations: Mutation[]): Promise<string[]> {
  const variables = Object.fromEntries(mutations.map((m, i) => [`i${i}`, m.input]));
  const query = `mutation Seed(${mutations.map((m, i) => `$i${i}: ${m.inputType}!`).join(', ')}) {\n${mutations
    .map((m, i) => `  m${i}: ${m.field}(input: $i${i}) { id }`)
    .join('\n')}\n}`;
  const data = await request(query, variables);
  return mutations.map((_, i) => (data[`m${i}`] as { id: string }).id);
}

const companyName = (i: number) => `${words[i % words.length]} ${kinds[i % kinds.length]} ${i}`;

/** Creates the bench companies and their contacts, deals and activities in crm; returns the company ids in order. */
export async function seedCrm(request: CrmRequest, count: number): Promise<string[]> {
  const pipelines = (await request('{ pipelines(first: 1) { edges { node { id stages { id kind } } } } }')) as {
    pipelines: { edges: { node: { id: string; stages: { id: string; kind: string }[] } }[] };
  };
  const pipeline = pipelines.pipelines.edges[0]?.node;
  const openStages = pipeline?.stages.filter((s) => s.kind === 'OPEN') ?? [];
  if (!pipeline || openStages.length === 0) throw new Error('the demo seed has no pipeline with open stages');

  const ids: string[] = [];
  for (let start = 1; start <= count; start += 25) {
    const batch: Mutation[] = [];
    for (let i = start; i < Math.min(start + 25, count + 1); i++) {
      batch.push({
        field: 'createCompany',
        inputType: 'CreateCompanyInput',
        input: { name: companyName(i), domains: [`bench${i}.example.com`], status: statuses[i % statuses.length], industry: kinds[i % kinds.length] },
      });
    }
    ids.push(...(await mutate(request, batch)));
  }

  for (let start = 0; start < count; start += 10) {
    const batch: Mutation[] = [];
    for (let index = start; index < Math.min(start + 10, count); index++) {
      const i = index + 1;
      const companyId = ids[index]!;
      for (let c = 0; c < 1 + (i % 3); c++) {
        const first = firstNames[(i + c) % firstNames.length]!;
        batch.push({
          field: 'createContact',
          inputType: 'CreateContactInput',
          input: {
            companyId,
            firstName: first,
            lastName: lastNames[(i * 3 + c) % lastNames.length],
            emails: [`${first.toLowerCase()}.${c}@bench${i}.example.com`],
            title: c === 0 ? 'Office Manager' : 'IT Lead',
            isPrimary: c === 0,
          },
        });
      }
      for (let d = 0; d < i % 3; d++) {
        batch.push({
          field: 'createDeal',
          inputType: 'CreateDealInput',
          input: {
            companyId,
            title: d === 0 ? 'Managed services' : 'Security bundle',
            pipelineId: pipeline.id,
            stageId: openStages[(i + d) % openStages.length]!.id,
            value: `${i * 250 + d * 1000}.00`,
            currency: 'USD',
          },
        });
      }
      for (let a = 0; a < 3 + (i % 4); a++) {
        const [type, source] = activityTypes[(i + a) % activityTypes.length]!;
        batch.push({
          field: 'logActivity',
          inputType: 'LogActivityInput',
          input: {
            companyId,
            type,
            source,
            summary: `${type.toLowerCase()} #${a + 1} with ${companyName(i)}`,
            occurredAt: new Date(Date.UTC(2026, 9, 1) + (i * 7 + a) * 3_600_000).toISOString(),
          },
        });
      }
    }
    await mutate(request, batch);
  }
  return ids;
}

/**
 * PSA links and tickets for every other bench company, written straight into
 * the integrations read model (in production it is fed by PSA's Bus events).
 */
export async function seedIntegrations(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, companyIds: readonly string[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (let index = 1; index < companyIds.length; index += 2) {
      const i = index + 1;
      const id = companyIds[index]!;
      await tx.query(
        `INSERT INTO psa_links (org_id, crm_company_id, psa_client_id, latest_csat, last_ticket_activity_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [BENCH_ORG, id, `psa-client-bench-${i}`, 1 + (i % 5), new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString()],
      );
      for (let t = 0; t < i % 5; t++) {
        await tx.query(
          `INSERT INTO psa_tickets (org_id, ticket_id, crm_company_id, ticket_number, status, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [BENCH_ORG, `tkt_bench_${i}_${t}`, id, `T-${i}-${t}`, t % 3 === 0 ? 'resolved' : 'open', new Date(Date.UTC(2026, 10, 1) + t * 60_000).toISOString()],
        );
      }
    }
  });
}

import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@onegraph/bus';
import type { Stack } from '@onegraph/stack';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

const ORG = 'n-plus-one';
const COMPANIES = 60;

const PAGE = `query($first: Int) {
  companies(first: $first) { edges { node {
    id name
    contacts { id name phones { number } }
    deals { id title value probability pipelineStage { name } lineItems { service amount } }
    latestActivity { id summary contact { id } }
    health { score }
  } } }
}`;
interface Page {
  companies: { edges: { node: { id: string; contacts: unknown[]; deals: unknown[]; latestActivity: { summary: string } | null } }[] };
}

/** Fills an organisation of its own with companies that each have contacts, deals with line items, and a timeline. */
async function fill(stack: Stack) {
  await stack.crm.db.transaction(async (tx) => {
    await tx.query(`INSERT INTO pipelines (org_id, id, name) VALUES ($1, 'pl_n1', 'N1')`, [ORG]);
    await tx.query(
      `INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind) VALUES ($1, 'stg_n1_open', 'pl_n1', 'Open', 0, 50, 'OPEN')`,
      [ORG],
    );
    for (let i = 0; i < COMPANIES; i++) {
      const c = `cmp_n1_${String(i).padStart(3, '0')}`;
      await tx.query(`INSERT INTO companies (org_id, id, name) VALUES ($1, $2, $3)`, [ORG, c, `Company ${String(i).padStart(3, '0')}`]);
      for (const j of [1, 2]) {
        await tx.query(`INSERT INTO contacts (org_id, id, company_id, first_name, last_name, phones, phone_numbers) VALUES ($1, $2, $3, 'P', $4, '[]', '{}')`, [
          ORG,
          `${c}_con${j}`,
          c,
          `${j}`,
        ]);
        await tx.query(
          `INSERT INTO deals (org_id, id, company_id, title, stage, pipeline_id, stage_id, value) VALUES ($1, $2, $3, 'D', 'Open', 'pl_n1', 'stg_n1_open', 100)`,
          [ORG, `${c}_deal${j}`, c],
        );
        await tx.query(
          `INSERT INTO line_items (org_id, owner_kind, owner_id, position, service, quantity, unit_price, billing, gl_account) VALUES ($1, 'deal', $2, 0, 'S', 1, 100, 'ONE_OFF', '4100')`,
          [ORG, `${c}_deal${j}`],
        );
      }
      for (const k of [1, 2, 3]) {
        await tx.query(
          `INSERT INTO activities (org_id, id, company_id, contact_id, type, summary, source, occurred_at) VALUES ($1, $2, $3, $4, 'NOTE', $5, 'CRM', $6)`,
          [ORG, `${c}_act${k}`, c, `${c}_con1`, `note ${k}`, new Date(Date.UTC(2026, 10, k))],
        );
      }
    }
  });
}

describe('no N+1: a page of companies with contacts, deals and latest activity', () => {
  const stack = useStack({ bus: createMemoryBus() });
  let client: CrmClient;
  beforeAll(async () => {
    // the relay polls the database: stopped, so that only the page's statements are counted
    await stack.crm.relay.stop();
    await fill(stack);
    client = crmClient(stack, ORG);
  });

  async function statementsFor(first: number): Promise<number> {
    const before = stack.crm.db.statements;
    const page = await client.ok<Page>(PAGE, { first });
    const count = stack.crm.db.statements - before;
    expect(page.companies.edges).toHaveLength(first);
    for (const { node } of page.companies.edges) {
      expect(node.contacts).toHaveLength(2);
      expect(node.deals).toHaveLength(2);
      expect(node.latestActivity?.summary).toBe('note 3');
    }
    return count;
  }

  it('costs the same number of SQL statements for 10 companies as for 50', async () => {
    await statementsFor(5); // warm-up (the gateway's first plan)
    const ten = await statementsFor(10);
    const fifty = await statementsFor(50);
    expect(fifty).toBe(ten);
    // one per relation, not per company
    expect(ten).toBeLessThanOrEqual(10);
  });
});

import { randomUUID } from 'node:crypto';
import type { StackOptions } from '@onegraph/stack';
import type { CrmClient } from './crm-client.ts';
import { useStack, type TestStack } from './fixture.ts';

export interface PsaStackOptions {
  /** How the integrations consumers retry while PSA is down (their defaults otherwise). */
  consumerRetries?: StackOptions['consumerRetries'];
  /** Organisations whose key One Graph presents but PSA does not know: PSA refuses their calls (401). */
  unknownToPsa?: string[];
}

/**
 * The file's stack with the PSA simulator, wired to each other as in
 * production: One Graph calls PSA's API with CRM_INTEGRATION_KEY, PSA
 * publishes on the same Kafka and calls the gateway with the integration key
 * the integrations subgraph issued for it.
 */
export function usePsaStack(options: PsaStackOptions = {}): TestStack {
  return useStack({
    // short timeouts and few attempts: the outage test fails fast
    simulators: { psa: { unknownOrgs: options.unknownToPsa ?? [] }, calls: { timeoutMs: 2_000, attempts: 2, backoffMs: 50 } },
    ...(options.consumerRetries ? { consumerRetries: options.consumerRetries } : {}),
  });
}

export const PIPELINE = 'pl_demo_new_business';
export const WON_STAGE = 'stg_demo_nb_won';

/** A new company of the caller's organisation with a contact that has an email and one that has none. */
export async function newCompany(client: CrmClient, name = `PSA Co ${randomUUID().slice(0, 6)}`) {
  const { createCompany } = await client.ok<{ createCompany: { id: string; version: number } }>(
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id version } }`,
    { input: { name, status: 'PROSPECT' } },
  );
  const contact = async (input: Record<string, unknown>) =>
    (
      await client.ok<{ createContact: { id: string } }>(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { companyId: createCompany.id, ...input },
      })
    ).createContact.id;
  const withEmail = await contact({ firstName: 'Dana', lastName: 'Reyes', emails: ['dana@example.com'], isPrimary: true });
  const withoutEmail = await contact({ firstName: 'Lou', lastName: 'NoMail' });
  return { id: createCompany.id, name, withEmail, withoutEmail };
}

/** An open deal with a monthly service and a one-off setup fee. */
export async function newDeal(client: CrmClient, companyId: string, title = `PSA deal ${randomUUID().slice(0, 6)}`) {
  const { createDeal } = await client.ok<{ createDeal: { id: string; version: number } }>(
    `mutation($input: CreateDealInput!) { createDeal(input: $input) { id version } }`,
    {
      input: {
        title,
        companyId,
        pipelineId: PIPELINE,
        termMonths: 12,
        lineItems: [
          { service: 'Managed IT, per user', quantity: '25', unitPrice: '95.00', billing: 'MONTHLY' },
          { service: 'Onboarding', quantity: '1', unitPrice: '1500.00', billing: 'ONE_OFF' },
        ],
      },
    },
  );
  return { id: createDeal.id, version: createDeal.version, title };
}

export async function winDeal(client: CrmClient, deal: { id: string }) {
  const { deal: current } = await client.ok<{ deal: { version: number } }>(`query($id: ID!) { deal(id: $id) { version } }`, { id: deal.id });
  await client.ok(`mutation($id: ID!, $v: Int!, $stage: ID!) { moveDeal(id: $id, expectedVersion: $v, stageId: $stage) { id } }`, {
    id: deal.id,
    v: current.version,
    stage: WON_STAGE,
  });
}

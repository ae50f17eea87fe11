import { beforeAll, describe, expect, it } from 'vitest';
import type { PsaSimulator } from '@onegraph/simulators';
import { crmClient, type CrmClient } from './crm-client.ts';
import { newCompany, usePsaStack } from './integrations-psa-helpers.ts';

/**
 * PSA refusing One Graph's key (PSA does not know demo-2's key: 401) while
 * a company is promoted, through the gateway on real Kafka: a refusal is
 * not an outage, so the error says so, is not retryable, and nothing is
 * written on either side; demo, whose key PSA knows, is unaffected.
 */
const COMPANY = `query($id: ID!) { company(id: $id) { id status psaSyncState psaClientId version statusHistory { to reason } } }`;
const PROMOTE = `mutation($id: ID!) { promoteCompanyToClient(companyId: $id) { id status psaSyncState psaClientId } }`;

describe('PSA refusing our key during promotion', () => {
  const stack = usePsaStack({ unknownToPsa: ['demo-2'] });
  let psa: PsaSimulator;
  let admin: CrmClient;
  let admin2: CrmClient;
  beforeAll(() => {
    psa = stack.simulators.psa;
    admin = crmClient(stack, 'demo', 'Admin');
    admin2 = crmClient(stack, 'demo-2', 'Admin');
  });

  it('answers DOWNSTREAM_SERVICE_ERROR with PSA’s status, not retryable, and writes nothing', async () => {
    const company = await newCompany(admin2);
    const view = async () => (await admin2.ok<{ company: unknown }>(COMPANY, { id: company.id })).company;
    const before = await view();
    const refused = await admin2.fails('DOWNSTREAM_SERVICE_ERROR', PROMOTE, { id: company.id });
    expect(refused.extensions).toMatchObject({ product: 'psa', retryable: false, status: 401 });
    // nothing half-written: the company as it was, no PSA client, and asking again is refused the same way
    expect(await view()).toEqual(before);
    expect(psa.clients('demo-2')).toEqual([]);
    await admin2.fails('DOWNSTREAM_SERVICE_ERROR', PROMOTE, { id: company.id });
    expect(await view()).toEqual(before);

    // demo's key is PSA's: its promotion goes through meanwhile
    const ours = await newCompany(admin);
    expect((await admin.ok<{ promoteCompanyToClient: { psaSyncState: string } }>(PROMOTE, { id: ours.id })).promoteCompanyToClient.psaSyncState).toBe('LINKED');
    expect(psa.clients('demo').filter((c) => c.crmCompanyId === ours.id)).toHaveLength(1);
  });
});

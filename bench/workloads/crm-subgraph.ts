// One of One Graph's subgraphs (crm or integrations) in its own process for
// the CRM dashboard workload, on in-memory PGlite with the demo seed plus
// the bench data, and the in-process Bus (no events flow in a bench):
//   INTERNAL_TOKEN_SECRET=... node --import tsx bench/workloads/crm-subgraph.ts crm <companies>
//   INTERNAL_TOKEN_SECRET=... node --import tsx bench/workloads/crm-subgraph.ts integrations <company-ids.json>
// Prints `{"ready":"<url>"}` once seeded and listening (crm adds
// `"companies":[ids]`, the bench companies it created).
import { readFileSync } from 'node:fs';
import { createInternalTokens, INTERNAL_TOKEN_HEADER } from '@onegraph/auth';
import { createMemoryBus } from '@onegraph/bus';
import { createCrmSubgraph } from '@onegraph/crm-subgraph';
import { createIntegrationsSubgraph } from '@onegraph/integrations-subgraph';
import { BENCH_ORG, seedCrm, seedIntegrations } from './crm-seed.ts';

const [name, arg] = process.argv.slice(2);
const secret = process.env['INTERNAL_TOKEN_SECRET'];
if ((name !== 'crm' && name !== 'integrations') || !arg || !secret) {
  console.error('usage: INTERNAL_TOKEN_SECRET=... crm-subgraph.ts crm <companies> | integrations <company-ids.json>');
  process.exit(2);
}
const internalTokens = createInternalTokens(secret, 3_600);
const bus = createMemoryBus();
let ready: Record<string, unknown>;
let subgraph: { close(): Promise<void> };
if (name === 'crm') {
  const crm = await createCrmSubgraph({ bus, internalTokens, seedDemoData: true });
  subgraph = crm;
  const url = await crm.listen({ port: 0 });
  const token = await internalTokens.sign({ kind: 'user', sub: 'bench-seed', org: BENCH_ORG, role: 'Admin', products: ['crm'] });
  const companies = await seedCrm(async (query, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (!body.data || body.errors?.length) throw new Error(`seeding crm failed: ${JSON.stringify(body.errors ?? body).slice(0, 1000)}`);
    return body.data;
  }, Number(arg));
  ready = { ready: url, companies };
} else {
  const integrations = await createIntegrationsSubgraph({ bus, internalTokens });
  subgraph = integrations;
  await seedIntegrations(integrations.db, JSON.parse(readFileSync(arg, 'utf8')) as string[]);
  ready = { ready: await integrations.listen({ port: 0 }) };
}
process.stdout.write(`${JSON.stringify(ready)}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(
    signal,
    () =>
      void subgraph
        .close()
        .then(() => bus.close())
        .then(() => process.exit(0)),
  );
}

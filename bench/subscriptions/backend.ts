// The subscription benchmark's backend, in a process of its own: both
// subgraphs (and a gateway for the setup mutations) on the benchmark's Kafka
// namespace, with the organisations, companies and activities the events
// will name. Prints one JSON line `{"ready":...}` and runs until stdin closes;
// records a CPU profile between `profile-start` and `profile-stop` (profiler.ts).
//
// Environment: BENCH_CONFIG = JSON of BackendConfig.
import { createKafkaBus, type KafkaSasl } from '@onegraph/bus';
import { createLogger } from '@onegraph/log';
import { startStack } from '@onegraph/stack';
import { answerProfileCommands } from './profiler.ts';

export interface BackendConfig {
  brokers: string;
  /** One Graph's login to the brokers (the test broker authenticates every client); none: no authentication. */
  sasl?: KafkaSasl;
  namespace: string;
  keysFile: string;
  internalTokenSecret: string;
  orgs: number;
  companiesPerOrg: number;
  activitiesPerCompany: number;
  /** PostgreSQL for both subgraphs; PGlite in this process when unset. */
  databaseUrl?: string;
}

export interface BackendReady {
  ready: true;
  crm: string;
  integrations: string;
  /** Per company: its organisation and the activities events may name. */
  companies: { org: string; id: string; activities: string[] }[];
}

const config = JSON.parse(process.env['BENCH_CONFIG'] ?? '{}') as BackendConfig;
answerProfileCommands();
const log = createLogger('bench-backend', 'warn');
const bus = createKafkaBus({ brokers: config.brokers.split(','), sasl: config.sasl, namespace: config.namespace, clientId: 'bench-backend', log });
const stack = await startStack({
  bus,
  devKeysFile: config.keysFile,
  internalTokenSecret: config.internalTokenSecret,
  seedDemoData: false,
  // its gateway only runs the set-up mutations: it does not consume the events the benchmark publishes
  gatewaySubscriptions: false,
  ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  log,
});

/** Through the setup gateway; a user per 300 requests keeps each under the gateway's per-user rate limit. */
async function mutate<T>(org: string, n: number, query: string, variables: Record<string, unknown>): Promise<T> {
  const token = await stack.token(org, 'Admin', `bench-setup-${Math.floor(n / 300)}`);
  const res = await fetch(stack.urls.graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`setup mutation failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const orgs = Array.from({ length: config.orgs }, (_, i) => `bench-${i}`);
const companies = (
  await Promise.all(
    orgs.map(async (org) => {
      const mine: BackendReady['companies'] = [];
      let n = 0;
      for (let c = 0; c < config.companiesPerOrg; c++) {
        const { createCompany } = await mutate<{ createCompany: { id: string } }>(
          org,
          n++,
          'mutation ($input: CreateCompanyInput!) { createCompany(input: $input) { id } }',
          {
            input: { name: `${org} company ${c}`, status: 'CUSTOMER' },
          },
        );
        const activities: string[] = [];
        for (let a = 0; a < config.activitiesPerCompany; a++) {
          const { logActivity } = await mutate<{ logActivity: { id: string } }>(
            org,
            n++,
            'mutation ($input: LogActivityInput!) { logActivity(input: $input) { id } }',
            {
              input: { type: 'NOTE', summary: `Benchmark note ${a} of ${org} company ${c}`, companyId: createCompany.id },
            },
          );
          activities.push(logActivity.id);
        }
        mine.push({ org, id: createCompany.id, activities });
      }
      return mine;
    }),
  )
).flat();

const ready: BackendReady = { ready: true, crm: stack.urls.crm, integrations: stack.urls.integrations, companies };
process.stdout.write(`${JSON.stringify(ready)}\n`);

const shutdown = async () => {
  await stack.close();
  await bus.close();
  process.exit(0);
};
process.stdin.on('end', () => void shutdown());
process.stdin.resume();
process.once('SIGTERM', () => void shutdown());

/**
 * `npm start`: the whole One Graph in one process on embedded defaults
 * (PGlite in `.data/`, the in-process Bus unless KAFKA_BROKERS is set), with
 * demo data for the organisations `demo` and `demo-2`, and simulators of the
 * other products (PSA, Books, Portal, Microsoft Graph, Voice) on their own ports.
 */
import { loadDevKeys } from '@onegraph/auth';
import { createBus, readKafkaConfig, type Bus } from '@onegraph/bus';
import { EnvReader } from '@onegraph/config';
import { createLogger } from '@onegraph/log';
import { demoProductKeys, startStack, type PublishingSimulator } from '@onegraph/stack';
import { readKafkaCredentials, scramLogin } from '@onegraph/testing/kafka-acls';
import { startTracingFromEnv } from '@onegraph/tracing';

const env = new EnvReader(process.env);
const config = {
  host: env.string('HOST', '127.0.0.1'),
  ports: {
    gateway: env.port('GATEWAY_PORT', 4000),
    crm: env.port('CRM_PORT', 4001),
    integrations: env.port('INTEGRATIONS_PORT', 4002),
    psa: env.port('PSA_SIM_PORT', 4010),
    books: env.port('BOOKS_SIM_PORT', 4011),
    portal: env.port('PORTAL_SIM_PORT', 4012),
    graph: env.port('GRAPH_SIM_PORT', 4013),
    hub: env.port('HUB_SIM_PORT', 4014),
  },
  m365SyncIntervalMs: env.int('M365_SYNC_INTERVAL_MS', 300_000, 1_000, 86_400_000),
  dataDir: env.string('DATA_DIR', '.data'),
  databaseUrl: env.url('DATABASE_URL'),
  kafka: readKafkaConfig(env),
  /** The test broker's passwords (`npm run kafka -- start`): One Graph and each simulated product log in as themselves. */
  kafkaCredentialsFile: env.string('KAFKA_CREDENTIALS_FILE'),
  tickerSeconds: env.int('DEMO_TICKER_SECONDS', 30, 0, 3600),
  jarvisClientSecret: env.string('JARVIS_CLIENT_SECRET'),
  logLevel: env.logLevel(),
};
env.done('npm start');
// the standard OTEL_* variables: one SDK for the whole process (each service's spans under its own tracer name)
const tracing = startTracingFromEnv(process.env, 'onegraph');

const SALES_MAILBOX = 'sales@yourmsp.com';
const log = createLogger('onegraph', config.logLevel);
const credentials = config.kafka.brokers && config.kafkaCredentialsFile ? readKafkaCredentials(config.kafkaCredentialsFile) : undefined;
const sasl = config.kafka.sasl ?? (credentials && scramLogin(credentials, 'onegraph'));
const bus = createBus({ brokers: config.kafka.brokers, sasl, ssl: config.kafka.ssl, clientId: 'onegraph-start', log });
// on an authenticated Kafka a product may write only its own topic: each simulator publishes as its product
const productBus = (product: PublishingSimulator): Bus =>
  createBus({
    brokers: config.kafka.brokers,
    sasl: credentials && scramLogin(credentials, product),
    ssl: config.kafka.ssl,
    clientId: `${product}-simulator`,
    log,
  });
const productBuses = credentials ? { psa: productBus('psa'), books: productBus('books'), portal: productBus('portal'), voice: productBus('voice') } : undefined;
const devKeysFile = `${config.dataDir}/dev-keys.json`;
await loadDevKeys(devKeysFile); // created once, shared with `npm run token`
// The other products, played by simulators that the stack starts and wires:
// One Graph presents one key per organisation to PSA, Books and Portal
// (CRM_INTEGRATION_KEY, `demoProductKeys`); Microsoft Graph takes OAuth
// tokens of each organisation's demo app registration instead.
const stack = await startStack({
  bus,
  ...(productBuses ? { productBuses } : {}),
  host: config.host,
  ports: config.ports,
  dataDirs: { crm: `${config.dataDir}/crm`, integrations: `${config.dataDir}/integrations` },
  ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  devKeysFile,
  seedDemoData: true,
  simulators: { psa: true, books: true, portal: true, voice: true, hub: true, graph: { mailboxes: { demo: [SALES_MAILBOX] } } },
  metrics: true,
  m365SyncIntervalMs: config.m365SyncIntervalMs,
  identity: {
    ...(config.jarvisClientSecret ? { jarvisClientSecret: config.jarvisClientSecret } : {}),
    demoIntegrationKeysFile: `${config.dataDir}/demo-integration-keys.json`,
  },
  log,
});
const { psa, voice, graph: graphSim, urls: simulatorUrls, m365Apps } = stack.simulators;
const psaUrl = simulatorUrls.psa;
// demo's sales mailbox, connected for M365 sync as an Admin would (already connected after a restart: the answer says so)
const connected = await fetch(stack.urls.graphql, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('demo', 'Admin', 'user-demo-admin')}` },
  body: JSON.stringify({ query: `mutation { connectMailbox(input: { address: "${SALES_MAILBOX}" }) { id } }` }),
});
if (!connected.ok) log.warn('demo mailbox not connected', { status: connected.status });

// A little life for the demo, in turn: PSA reports ticket activity on Acme,
// Jane calls (Voice), Jane emails the sales mailbox (picked up by the M365 sync).
const summaries = ['Printer offline at front desk', 'New starter laptop', 'VPN drops every hour', 'Phishing email reported'];
let tick = 0;
const life = [
  (n: number) =>
    psa.recordTicket('demo', {
      psaClientId: 'psa-client-100',
      crmCompanyId: 'cmp_acme',
      summary: summaries[n % summaries.length]!,
      status: Math.floor(n / 3) % 3 === 2 ? 'resolved' : 'open',
    }),
  () =>
    voice.completeCall('demo', {
      direction: 'inbound',
      from: '+14155550101',
      to: '+14155550199',
      durationSeconds: 60 + (tick % 7) * 45,
      agentUserId: 'user-demo',
    }),
  async (n: number) =>
    graphSim.deliver(SALES_MAILBOX, {
      from: 'jane@acmedental.com',
      to: [SALES_MAILBOX],
      subject: `Renewal question #${n}`,
      body: 'Can we add two seats before the renewal?',
    }),
];
const ticker =
  config.tickerSeconds > 0
    ? setInterval(() => {
        const n = tick++;
        Promise.resolve(life[n % life.length]!(n)).catch((error: unknown) => log.warn('demo ticker failed', { error: (error as Error).message }));
      }, config.tickerSeconds * 1000)
    : undefined;

const graphql = stack.urls.graphql;
console.log(`
One Graph is running (bus: ${bus.kind}, database: ${stack.crm.db.kind}).

  Gateway (HTTP + graphql-ws)  ${graphql}
  Health, readiness            ${stack.urls.gateway}/health, ${stack.urls.gateway}/ready
  Prometheus metrics           ${stack.urls.gateway}/metrics, ${new URL('/metrics', stack.urls.crm).href}, ${new URL('/metrics', stack.urls.integrations).href}
  crm subgraph                 ${stack.urls.crm}
  integrations subgraph        ${stack.urls.integrations}
  PSA simulator                ${psaUrl}
  Books simulator              ${simulatorUrls.books}
  Portal simulator             ${simulatorUrls.portal}
  Microsoft Graph simulator    ${simulatorUrls.graph}   (mailbox ${SALES_MAILBOX} of demo)
  (PSA, Books and Portal accept X-Integration-Key: ${demoProductKeys['demo']} for org demo, ${demoProductKeys['demo-2']} for demo-2;
   Graph takes OAuth bearer tokens from ${simulatorUrls.graph}/{tenant}/oauth2/v2.0/token, client credentials
   of the demo app registrations made at start, tenant ${m365Apps?.['demo']?.tenantId ?? ''} for demo)

Get a token (org demo or demo-2; role Owner, Admin, Member or Viewer):
  TOKEN=$(npm run --silent token -- --org demo --role Member)

The PSA sidebar widget (live pipeline of a company; docs/widget.md):
  ${stack.urls.gateway}/widget/pipeline?companyId=cmp_acme#token=$TOKEN

Query the federated graph:
  curl -s ${graphql} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ company(id: \\"cmp_acme\\") { name deals { title value } psa { linked openTickets } activities(first: 5) { edges { node { type summary } } } } }"}'

Integration keys (PSA, one per demo org; kept in ${config.dataDir}/demo-integration-keys.json):
${Object.entries(stack.demoIntegrationKeys)
  .map(([org, key]) => `  ${org.padEnd(7)} ${key}`)
  .join('\n')}
  curl -s ${graphql} -H 'x-integration-key: ${stack.demoIntegrationKeys['demo'] ?? ''}' -H 'content-type: application/json' \\
    -d '{"query":"{ company(id: \\"cmp_acme\\") { name } }"}'
  Manage keys (Owner or Admin; the stack must be running): npm run keys -- list --org demo

Jarvis acting for a user (read-only, 5 min tokens):
  curl -s ${stack.urls.gateway}/auth/jarvis/token -H 'content-type: application/json' \\
    -d "{\\"subject_token\\":\\"$TOKEN\\",\\"client_secret\\":\\"${stack.jarvisClientSecret}\\"}"

Make PSA report ticket activity (shows up live on companyActivity subscriptions):
  curl -s ${psaUrl}/api/tickets -H 'x-integration-key: ${demoProductKeys['demo']}' -H 'content-type: application/json' \\
    -d '{"psaClientId":"psa-client-100","crmCompanyId":"cmp_acme","summary":"Server room too warm"}'
${ticker ? `\n(Every ${config.tickerSeconds}s the simulators add life on Acme in turn: a PSA ticket, a call from Jane, an email from Jane (synced every M365_SYNC_INTERVAL_MS); DEMO_TICKER_SECONDS=0 turns it off.)\n` : ''}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(ticker);
    void (async () => {
      await stack.close();
      await bus.close();
      await Promise.all(Object.values(productBuses ?? {}).map((b) => b.close()));
      await tracing.shutdown();
      process.exit(0);
    })();
  });
}

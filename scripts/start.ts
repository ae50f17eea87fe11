/**
 * `npm start`: the whole One Graph in one process on embedded defaults
 * (PGlite in `.data/`, the in-process Bus unless KAFKA_BROKERS is set), with
 * demo data for the organisations `demo` and `demo-2`, and the PSA simulator.
 */
import { loadDevKeys } from '@onegraph/auth';
import { createBus } from '@onegraph/bus';
import { EnvReader } from '@onegraph/config';
import { createLogger } from '@onegraph/log';
import { createPsaSimulator } from '@onegraph/simulators';
import { startStack } from '@onegraph/stack';

const env = new EnvReader(process.env);
const config = {
  host: env.string('HOST', '127.0.0.1'),
  ports: { gateway: env.port('GATEWAY_PORT', 4000), crm: env.port('CRM_PORT', 4001), integrations: env.port('INTEGRATIONS_PORT', 4002) },
  psaPort: env.port('PSA_SIM_PORT', 4010),
  dataDir: env.string('DATA_DIR', '.data'),
  databaseUrl: env.url('DATABASE_URL'),
  kafkaBrokers: env.list('KAFKA_BROKERS'),
  tickerSeconds: env.int('DEMO_TICKER_SECONDS', 30, 0, 3600),
  jarvisClientSecret: env.string('JARVIS_CLIENT_SECRET'),
  logLevel: env.logLevel(),
};
env.done('npm start');

const log = createLogger('onegraph', config.logLevel);
const bus = createBus({ brokers: config.kafkaBrokers, clientId: 'onegraph-start', log });
const devKeysFile = `${config.dataDir}/dev-keys.json`;
await loadDevKeys(devKeysFile); // created once, shared with `npm run token`
const stack = await startStack({
  bus,
  host: config.host,
  ports: config.ports,
  dataDirs: { crm: `${config.dataDir}/crm`, integrations: `${config.dataDir}/integrations` },
  ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  devKeysFile,
  seedDemoData: true,
  identity: {
    ...(config.jarvisClientSecret ? { jarvisClientSecret: config.jarvisClientSecret } : {}),
    demoIntegrationKeysFile: `${config.dataDir}/demo-integration-keys.json`,
  },
  log,
});
const psa = createPsaSimulator({ bus, integrationKeys: { 'psa-demo-key': 'demo', 'psa-demo-2-key': 'demo-2' } });
const psaUrl = await psa.listen({ port: config.psaPort, host: config.host });

// A little life for the demo: PSA reports ticket activity on Acme now and then.
const summaries = ['Printer offline at front desk', 'New starter laptop', 'VPN drops every hour', 'Phishing email reported'];
let tick = 0;
const ticker =
  config.tickerSeconds > 0
    ? setInterval(() => {
        const summary = summaries[tick++ % summaries.length]!;
        psa
          .recordTicket('demo', { psaClientId: 'psa-client-100', crmCompanyId: 'cmp_acme', summary, status: tick % 3 === 0 ? 'resolved' : 'open' })
          .catch((error: unknown) => log.warn('demo ticker failed', { error: (error as Error).message }));
      }, config.tickerSeconds * 1000)
    : undefined;

const graphql = stack.urls.graphql;
console.log(`
One Graph is running (bus: ${bus.kind}, database: ${stack.crm.db.kind}).

  Gateway (HTTP + graphql-ws)  ${graphql}
  Health                       ${stack.urls.gateway}/health
  crm subgraph                 ${stack.urls.crm}
  integrations subgraph        ${stack.urls.integrations}
  PSA simulator                ${psaUrl}   (X-Integration-Key: psa-demo-key for org demo)

Get a token (org demo or demo-2; role Owner, Admin, Member or Viewer):
  TOKEN=$(npm run --silent token -- --org demo --role Member)

The PSA sidebar widget (live pipeline of a company; docs/widget.md):
  ${stack.urls.gateway}/widget/pipeline?companyId=cmp_acme#token=$TOKEN

Query the federated graph:
  curl -s ${graphql} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ company(id: \\"cmp_acme\\") { name deals { title value } psa { linked openTickets } activities(first: 5) { edges { node { type summary } } } } }"}'

Integration keys (PSA, one per demo org; kept in ${config.dataDir}/demo-integration-keys.json):
${Object.entries(stack.demoIntegrationKeys).map(([org, key]) => `  ${org.padEnd(7)} ${key}`).join('\n')}
  curl -s ${graphql} -H 'x-integration-key: ${stack.demoIntegrationKeys['demo'] ?? ''}' -H 'content-type: application/json' \\
    -d '{"query":"{ company(id: \\"cmp_acme\\") { name } }"}'
  Manage keys (Owner or Admin; the stack must be running): npm run keys -- list --org demo

Jarvis acting for a user (read-only, 5 min tokens):
  curl -s ${stack.urls.gateway}/auth/jarvis/token -H 'content-type: application/json' \\
    -d "{\\"subject_token\\":\\"$TOKEN\\",\\"client_secret\\":\\"${stack.jarvisClientSecret}\\"}"

Make PSA report ticket activity (shows up live on companyActivity subscriptions):
  curl -s ${psaUrl}/api/tickets -H 'x-integration-key: psa-demo-key' -H 'content-type: application/json' \\
    -d '{"psaClientId":"psa-client-100","crmCompanyId":"cmp_acme","summary":"Server room too warm"}'
${ticker ? `\n(PSA simulator reports a ticket on Acme every ${config.tickerSeconds}s; DEMO_TICKER_SECONDS=0 turns it off.)\n` : ''}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(ticker);
    void (async () => {
      await psa.close();
      await stack.close();
      await bus.close();
      process.exit(0);
    })();
  });
}

/**
 * `npm run cluster`: the production topology on one machine, to try the faults by hand. A
 * throwaway PostgreSQL server, a three-broker Kafka cluster (KRaft, replication factor 3,
 * min.insync.replicas 2), two gateways, two crm and two integrations instances (each a process of
 * its own, behind a TCP balancer) and simulators of PSA, Books and Portal. Prints where everything
 * is and how to break it; Ctrl-C stops and deletes it all.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDevKeys } from '@onegraph/auth';
import { createKafkaBus } from '@onegraph/bus';
import { EnvReader } from '@onegraph/config';
import { demoProductKeys, startSimulators } from '@onegraph/stack';
import { createTestDatabase, KAFKA_BROKER_SCRIPT, scramLogin, startKafkaCluster, startPostgresServer, startTopology } from '@onegraph/testing';

const env = new EnvReader(process.env);
const ports = {
  gateway: env.port('GATEWAY_PORT', 4000),
  crm: env.port('CRM_PORT', 4001),
  integrations: env.port('INTEGRATIONS_PORT', 4002),
  psa: env.port('PSA_SIM_PORT', 4010),
  books: env.port('BOOKS_SIM_PORT', 4011),
  portal: env.port('PORTAL_SIM_PORT', 4012),
};
env.done('npm run cluster');

const dir = mkdtempSync(join(tmpdir(), 'onegraph-cluster-'));
const cleanup: (() => Promise<void>)[] = [];
const stopAll = async () => {
  for (const step of cleanup.splice(0)) await step().catch((error: unknown) => console.error(error));
  rmSync(dir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log('\nstopping the cluster…');
    void stopAll().then(() => process.exit(0));
  });
}

try {
  console.log('starting PostgreSQL and three Kafka brokers (a minute or two)…');
  const [postgres, kafka] = await Promise.all([startPostgresServer(), startKafkaCluster()]);
  cleanup.unshift(
    () => kafka.dispose(),
    () => postgres.dispose(),
  );
  const crmDb = await createTestDatabase(postgres.url, 'onegraph_crm');
  const integrationsDb = await createTestDatabase(postgres.url, 'onegraph_integrations');

  // each simulated product publishes as itself: the cluster's ACLs let it write its own topic only
  const productBus = (product: 'psa' | 'books' | 'portal') =>
    createKafkaBus({ brokers: kafka.brokerList, clientId: `${product}-simulator`, sasl: scramLogin(kafka.credentials, product) });
  const productBuses = { psa: productBus('psa'), books: productBus('books'), portal: productBus('portal') };
  cleanup.unshift(() => Promise.all(Object.values(productBuses).map((b) => b.close())).then(() => {}));
  const simulators = await startSimulators(
    { psa: true, books: true, portal: true, integrationKeys: { ...demoProductKeys } },
    { bus: productBuses.psa, productBuses, ports },
  );
  cleanup.unshift(() => simulators.close());

  const devKeysFile = join(dir, 'dev-keys.json');
  const keys = await loadDevKeys(devKeysFile);
  const products: Record<string, string> = {
    CRM_INTEGRATION_KEY: Object.entries(demoProductKeys)
      .map(([org, key]) => `${org}=${key}`)
      .join(','),
  };
  if (simulators.urls.psa) products.PSA_API_URL = simulators.urls.psa;
  if (simulators.urls.books) products.BOOKS_API_URL = simulators.urls.books;
  if (simulators.urls.portal) products.PORTAL_API_URL = simulators.urls.portal;

  console.log('starting two crm, two integrations and two gateway processes…');
  const topology = await startTopology({
    kafkaBrokers: kafka.brokers,
    kafkaCredentials: kafka.credentials,
    databaseUrls: { crm: crmDb.url, integrations: integrationsDb.url },
    internalTokenSecret: randomBytes(32).toString('base64url'),
    devKeysFile,
    logDir: join(dir, 'logs'),
    env: products,
    ports,
  });
  cleanup.unshift(() => topology.close());

  const token = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'user-demo' });
  const lines = [
    '',
    'One Graph, production topology on one machine',
    '',
    `  gateways      ${topology.balancers.gateway}/graphql (balancer) → ${topology.gateways.map((g) => `${g.url} [pid ${g.pid}]`).join(', ')}`,
    `  crm           ${topology.balancers.crm}/graphql (balancer) → ${topology.crm.map((p) => `${p.url} [pid ${p.pid}]`).join(', ')}`,
    `  integrations  ${topology.balancers.integrations}/graphql (balancer) → ${topology.integrations.map((p) => `${p.url} [pid ${p.pid}]`).join(', ')}`,
    `  kafka         ${kafka.brokers} (run dir ${kafka.runDir}; SASL/SCRAM-SHA-512 passwords in ${kafka.runDir}/credentials)`,
    `  postgresql    ${crmDb.url}, ${integrationsDb.url}`,
    `  simulators    PSA ${simulators.urls.psa}, Books ${simulators.urls.books}, Portal ${simulators.urls.portal}`,
    `  logs          ${join(dir, 'logs')}/<process>.log`,
    '',
    `  TOKEN=${token}`,
    `  curl -s ${topology.balancers.gateway}/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"query":"{ company(id: \\"cmp_acme\\") { name } }"}'`,
    '',
    'Faults to try:',
    `  kill -9 <pid>                                                         a service instance (the balancer skips it)`,
    `  KAFKA_RUN_DIR=${kafka.runDir} bash ${KAFKA_BROKER_SCRIPT} kill --node 2    a broker (start --node 2 brings it back)`,
    `  pg_ctl stop -D ${postgres.dataDir} -m fast                            the database (as the postgres user when root)`,
    '',
    'Ctrl-C stops and deletes everything.',
  ];
  console.log(lines.join('\n'));
} catch (error) {
  console.error(error);
  await stopAll();
  process.exit(1);
}

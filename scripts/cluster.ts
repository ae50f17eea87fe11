/**
 * `npm run cluster`: the production topology on one machine, to try the faults by hand. A
 * throwaway PostgreSQL server, a three-broker Kafka cluster (KRaft, replication factor 3,
 * min.insync.replicas 2), two gateways, two crm and two integrations instances (each a process of
 * its own, behind a TCP balancer) and simulators of PSA, Books and Portal. Prints where everything
 * is and how to break it; Ctrl-C stops and deletes it all.
 */
import { join } from 'node:path';
import { EnvReader } from '@onegraph/config';
import { startClusterStack, type ClusterStack } from '@onegraph/stack';
import { KAFKA_BROKER_SCRIPT } from '@onegraph/testing';

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

let stack: ClusterStack | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log('\nstopping the cluster…');
    void (stack?.close() ?? Promise.resolve()).then(() => process.exit(0));
  });
}

try {
  console.log('starting PostgreSQL, three Kafka brokers, then two crm, two integrations and two gateway processes (a minute or two)…');
  stack = await startClusterStack({ simulate: { psa: true, books: true, portal: true }, ports });
  const { kafka, postgres, topology, simulators, keys, databaseUrls, dir } = stack;
  const token = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'user-demo' });
  const lines = [
    '',
    'One Graph, production topology on one machine',
    '',
    `  gateways      ${topology.balancers.gateway}/graphql (balancer) → ${topology.gateways.map((g) => `${g.url} [pid ${g.pid}]`).join(', ')}`,
    `  crm           ${topology.balancers.crm}/graphql (balancer) → ${topology.crm.map((p) => `${p.url} [pid ${p.pid}]`).join(', ')}`,
    `  integrations  ${topology.balancers.integrations}/graphql (balancer) → ${topology.integrations.map((p) => `${p.url} [pid ${p.pid}]`).join(', ')}`,
    `  kafka         ${kafka.brokers} (run dir ${kafka.runDir}; SASL/SCRAM-SHA-512 passwords in ${kafka.runDir}/credentials)`,
    `  postgresql    ${databaseUrls.crm}, ${databaseUrls.integrations}`,
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
  // startClusterStack has stopped what it started
  console.error(error);
  process.exit(1);
}

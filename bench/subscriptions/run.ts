// The subscription fan-out benchmark: one gateway instance, N
// concurrent graphql-ws subscribers (one connection each), Bus events
// published at a fixed rate across many companies. Prints delivered/expected,
// publish-to-receipt latency (p50, p90, p99, max) and the gateway's RSS per
// subscriber, and writes the table to bench/subscriptions/results/.
//
//   npx tsx bench/subscriptions/run.ts [--subscribers 1000,5000] [--rate 500]
//       [--duration 20] [--warmup 5] [--orgs 10] [--companies 500]
//       [--selection widget|crm] [--postgres] [--batch 16] [--profile]
//
// CPU is reported per published event for the gateway, the backend (both
// subgraphs, and PGlite when it is used), PostgreSQL (with --postgres: the
// server and its backends) and this process (the clients and the publisher),
// with the events the gateway resolved per operation; --profile records CPU
// profiles of the gateway and the backend during the measured run only.
//
// Processes: this one (subscribers and publisher, on one clock), the gateway
// under test, a backend (both subgraphs), and a Kafka broker (KAFKA_BROKERS,
// or one started here), and with --postgres a PostgreSQL server for the
// subgraphs (started here with the machine's initdb; PGlite otherwise). On a
// 2-core machine they all share the cores.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadDevKeys } from '@onegraph/auth';
import { createEnvelope, createKafkaBus, readKafkaConfig, topicOf, type Envelope } from '@onegraph/bus';
import { EnvReader } from '@onegraph/config';
import { scramLogin, startKafkaBroker, type KafkaBroker } from '@onegraph/testing';
import type { BackendConfig, BackendReady } from './backend.ts';
import { startPostgres, type ThrowawayPostgres } from './postgres.ts';
import type { GatewayConfig, GatewayStats } from './gateway.ts';
import { connectAll, connectSubscriber, disconnectAll, newReceipts, percentile, type Receipts, type Subscriber } from './subscribers.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    subscribers: { type: 'string', default: '1000,5000' },
    rate: { type: 'string', default: '500' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    orgs: { type: 'string', default: '10' },
    companies: { type: 'string', default: '500' },
    selection: { type: 'string', default: 'widget' },
    profile: { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
    batch: { type: 'string', default: '16' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (flags.help) {
  console.log(
    'npx tsx bench/subscriptions/run.ts [--subscribers 1000,5000] [--rate 500] [--duration 20] [--warmup 5] [--orgs 10] [--companies 500] [--selection widget|crm] [--profile]',
  );
  process.exit(0);
}

const SELECTIONS: Record<string, string> = {
  // the PSA sidebar / timeline widget: crm fields and one from the integrations subgraph
  widget:
    'subscription ($companyId: ID!) { companyActivity(companyId: $companyId) { id type summary occurredAt source company { id name psa { linked openTickets } } } }',
  // crm fields only: one subgraph fetch per event
  crm: 'subscription ($companyId: ID!) { companyActivity(companyId: $companyId) { id type summary occurredAt source company { id name } } }',
};
const subscriberCounts = flags.subscribers.split(',').map((n) => positive('subscribers', n));
const rate = positive('rate', flags.rate);
const durationSec = positive('duration', flags.duration);
const warmupSec = Number(flags.warmup);
const orgCount = positive('orgs', flags.orgs);
const companiesPerOrg = Math.ceil(positive('companies', flags.companies) / orgCount);
const query = SELECTIONS[flags.selection] ?? fail(`--selection: one of ${Object.keys(SELECTIONS).join(', ')}`);
/** Distinct users per organisation the subscribers are spread over (same role: they share resolutions). */
const USERS_PER_ORG = 20;

const children = new Set<ChildProcess>();
/** The last warning and error lines the gateway and the backend logged: printed with the results when subscribers saw errors, to tell why. */
const childProblems: string[] = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const tmp = mkdtempSync(join(tmpdir(), 'onegraph-bench-subscriptions-'));
let broker: KafkaBroker | undefined;
let postgres: ThrowawayPostgres | undefined;
const results: ScenarioResult[] = [];
try {
  const brokers = process.env['KAFKA_BROKERS']?.trim() || (broker = await startKafkaBroker()).brokers;
  // every process logs in as One Graph's services do: on the test broker as `onegraph`, whose test grants cover
  // namespaces starting with `t`; on KAFKA_BROKERS with KAFKA_SASL_* when set
  const sasl = broker ? scramLogin(broker.credentials, 'onegraph') : readKafkaConfig(new EnvReader(process.env)).sasl;
  const namespace = `tbench${randomUUID().slice(0, 8)}.`;
  const keysFile = join(tmp, 'dev-keys.json');
  const keys = await loadDevKeys(keysFile);
  const internalTokenSecret = randomBytes(32).toString('base64url');

  log(`setting up ${orgCount} organisations × ${companiesPerOrg} companies…`);
  if (flags.postgres) postgres = await startPostgres(mkdtempSync(join(tmpdir(), 'onegraph-bench-pg-')), await freePort());
  const backendConfig: BackendConfig = {
    brokers,
    ...(sasl ? { sasl } : {}),
    namespace,
    keysFile,
    internalTokenSecret,
    orgs: orgCount,
    companiesPerOrg,
    activitiesPerCompany: 3,
    ...(postgres ? { databaseUrl: postgres.url } : {}),
  };
  const backend = await startChild('backend', join(here, 'backend.ts'), [], backendConfig, 600_000);
  const setup = backend.ready as unknown as BackendReady;

  const gatewayConfig: GatewayConfig = {
    brokers,
    ...(sasl ? { sasl } : {}),
    namespace,
    keysFile,
    internalTokenSecret,
    crm: setup.crm,
    integrations: setup.integrations,
    subscriptions: { maxBatchSize: positive('batch', flags.batch) },
  };
  const gateway = await startChild('gateway', join(here, 'gateway.ts'), ['--expose-gc'], gatewayConfig, 120_000);
  const gatewayUrl = String(gateway.ready['ready']);

  const bus = createKafkaBus({ brokers: brokers.split(','), sasl, namespace, clientId: 'bench-publisher' });
  const tokens = new Map<string, string>();
  const tokenOf = async (org: string, user: number) => {
    const key = `${org}/${user}`;
    let token = tokens.get(key);
    if (!token) tokens.set(key, (token = await keys.issueToken({ org, role: 'Member', sub: `bench-user-${org}-${user}` })));
    return token;
  };
  for (const org of new Set(setup.companies.map((c) => c.org))) for (let u = 0; u < USERS_PER_ORG; u++) await tokenOf(org, u);

  for (const count of subscriberCounts) {
    results.push(await scenario(count, { gateway: gateway.child, backend: backend.child, postgresPid: postgres?.pid, gatewayUrl, setup, bus, tokenOf }));
  }
  await bus.close();
  await stopChild(gateway.child);
  await stopChild(backend.child);
  report(results);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  // cleared first: these exits are expected
  const all = [...children];
  children.clear();
  for (const child of all) child.kill('SIGKILL');
  await broker?.dispose();
  await postgres?.stop();
  rmSync(tmp, { recursive: true, force: true });
}

interface ScenarioResult {
  subscribers: number;
  companies: number;
  rate: number;
  durationSec: number;
  published: number;
  achievedRate: number;
  expected: number;
  delivered: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Gateway RSS with no subscriber, with them, and the difference per subscriber (bytes). */
  rssBaseline: number;
  rssWithSubscribers: number;
  rssPerSubscriber: number;
  heapPerSubscriber: number;
  /** Gateway CPU use during the measured run, in % of one core. */
  gatewayCpu: number;
  /** The backend's (both subgraphs'), PostgreSQL's (with --postgres: the server and its backends) and this process's (subscribers, publisher) CPU use during the measured run, in % of one core. */
  backendCpu: number;
  postgresCpu: number;
  clientsCpu: number;
  /** CPU time per published event during the measured run, in ms: what the load on this machine does not change much. */
  gatewayCpuPerEvent: number;
  backendCpuPerEvent: number;
  postgresCpuPerEvent: number;
  clientsCpuPerEvent: number;
  /** Events resolved per operation the gateway ran for them (batch-resolution.ts), during the measured run. */
  eventsPerBatch: number;
  connectSec: number;
  errors: string[];
}

async function scenario(
  count: number,
  env: {
    gateway: ChildProcess;
    backend: ChildProcess;
    postgresPid: number | undefined;
    gatewayUrl: string;
    setup: BackendReady;
    bus: ReturnType<typeof createKafkaBus>;
    tokenOf: (org: string, user: number) => Promise<string>;
  },
): Promise<ScenarioResult> {
  const { setup, bus } = env;
  const companies = setup.companies;
  const receipts = newReceipts();
  const before = await stats(env.gateway);

  log(`${count} subscribers: connecting…`);
  const t0 = performance.now();
  // subscriber i watches company i mod C, as user i mod USERS_PER_ORG of its organisation
  const subscribers = await connectAll(count, 200, async (i) => {
    const company = companies[i % companies.length]!;
    return connectSubscriber(env.gatewayUrl, await env.tokenOf(company.org, i % USERS_PER_ORG), company.id, query, receipts);
  });
  const byCompany = new Map<string, Subscriber[]>();
  for (const s of subscribers) byCompany.set(s.company, [...(byCompany.get(s.company) ?? []), s]);
  const watched = companies.filter((c) => byCompany.has(c.id));

  // priming: one event per watched company, until every subscriber got one (they are then all registered)
  for (let attempt = 0; subscribers.some((s) => s.received === 0); attempt++) {
    if (attempt >= 20) {
      throw new Error(
        `${subscribers.filter((s) => s.received === 0).length} subscribers never received an event; errors: ${[...new Set(receipts.errors)].slice(0, 5).join('; ')}`,
      );
    }
    const waiting = watched.filter((c) => byCompany.get(c.id)!.some((s) => s.received === 0));
    await bus.publish(
      topicOf('crm'),
      waiting.map((c) => activityEvent(c, 0)),
    );
    const deadline = performance.now() + 3_000;
    while (performance.now() < deadline && subscribers.some((s) => s.received === 0)) await sleep(50);
  }
  const connectSec = (performance.now() - t0) / 1000;
  const withSubscribers = await stats(env.gateway);
  log(`${count} subscribers live in ${connectSec.toFixed(1)} s; warming up ${warmupSec} s…`);

  let sequence = 0;
  const random = mulberry32(count);
  const pickCompany = () => watched[Math.floor(random() * watched.length)]!;
  if (warmupSec > 0) await publishAtRate(bus, rate, warmupSec, () => activityEvent(pickCompany(), ++sequence), receipts, false, byCompany);
  await drain(() => true, 5_000);

  log(`measuring ${durationSec} s at ${rate} events/s…`);
  if (flags.profile) {
    await command(env.gateway, { type: 'profile-start' }, 'profile-started');
    await command(env.backend, { type: 'profile-start' }, 'profile-started');
  }
  const gatewayBefore = await stats(env.gateway);
  const cpuBefore = gatewayBefore.cpuMs;
  const backendBefore = processCpuMs(env.backend.pid);
  const postgresBefore = processTreeCpuMs(env.postgresPid);
  const clientsBefore = process.cpuUsage();
  const started = performance.now();
  const published = await publishAtRate(bus, rate, durationSec, () => activityEvent(pickCompany(), ++sequence), receipts, true, byCompany);
  const publishSec = (performance.now() - started) / 1000;
  const expected = published.expected;
  await drain(() => receipts.delivered >= expected, 15_000);
  const gatewayAfter = await stats(env.gateway);
  const cpuAfter = gatewayAfter.cpuMs;
  const backendAfter = processCpuMs(env.backend.pid);
  const postgresAfter = processTreeCpuMs(env.postgresPid);
  if (flags.profile) {
    for (const [name, child] of [
      ['gateway', env.gateway],
      ['backend', env.backend],
    ] as const) {
      const file = join(here, 'results', `${name}-${count}-${Date.now()}.cpuprofile`);
      mkdirSync(dirname(file), { recursive: true });
      await command(child, { type: 'profile-stop', file }, 'profile-stopped');
      log(`${name} CPU profile of the measured run: ${file}`);
    }
  }
  const clientsCpu = process.cpuUsage(clientsBefore);
  const elapsedMs = performance.now() - started;

  const sorted = receipts.latencies.sort((a, b) => a - b);
  const result: ScenarioResult = {
    subscribers: count,
    companies: watched.length,
    rate,
    durationSec,
    published: published.count,
    achievedRate: published.count / publishSec,
    expected,
    delivered: receipts.delivered,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    rssBaseline: before.rss,
    rssWithSubscribers: withSubscribers.rss,
    rssPerSubscriber: (withSubscribers.rss - before.rss) / count,
    heapPerSubscriber: (withSubscribers.heapUsed - before.heapUsed) / count,
    gatewayCpu: ((cpuAfter - cpuBefore) / elapsedMs) * 100,
    backendCpu: ((backendAfter - backendBefore) / elapsedMs) * 100,
    postgresCpu: ((postgresAfter - postgresBefore) / elapsedMs) * 100,
    clientsCpu: ((clientsCpu.user + clientsCpu.system) / 1000 / elapsedMs) * 100,
    gatewayCpuPerEvent: (cpuAfter - cpuBefore) / published.count,
    backendCpuPerEvent: (backendAfter - backendBefore) / published.count,
    postgresCpuPerEvent: (postgresAfter - postgresBefore) / published.count,
    clientsCpuPerEvent: (clientsCpu.user + clientsCpu.system) / 1000 / published.count,
    eventsPerBatch:
      ((gatewayAfter.subscriptions?.batchedEvents ?? 0) - (gatewayBefore.subscriptions?.batchedEvents ?? 0)) /
      ((gatewayAfter.subscriptions?.batches ?? 0) - (gatewayBefore.subscriptions?.batches ?? 0)),
    connectSec,
    errors: [...new Set(receipts.errors)].slice(0, 10),
  };
  log(
    `${count}: ${result.delivered}/${result.expected} delivered, p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, ` +
      `${(result.rssPerSubscriber / 1024).toFixed(1)} KiB RSS/subscriber, CPU gateway ${result.gatewayCpu.toFixed(0)}% backend ${result.backendCpu.toFixed(0)}% ` +
      `postgres ${result.postgresCpu.toFixed(0)}% clients ${result.clientsCpu.toFixed(0)}%; ms/event gateway ${result.gatewayCpuPerEvent.toFixed(2)} ` +
      `backend ${result.backendCpuPerEvent.toFixed(2)} postgres ${result.postgresCpuPerEvent.toFixed(2)} clients ${result.clientsCpuPerEvent.toFixed(2)}; ${result.eventsPerBatch.toFixed(1)} events/batch; load ${loadavg()[0]!.toFixed(1)}`,
  );
  await disconnectAll(subscribers);
  await sleep(1_000);
  return result;

  async function drain(done: () => boolean, timeoutMs: number) {
    const deadline = performance.now() + timeoutMs;
    while (!done() && performance.now() < deadline) await sleep(50);
    // let stragglers of the warm-up arrive before the next phase
    if (!done()) return;
    await sleep(200);
  }
}

/** A `crm.activity.logged` for one of the company's activities (cycling through them), as the crm outbox publishes it. */
function activityEvent(company: BackendReady['companies'][number], n: number): Envelope {
  return createEnvelope({
    type: 'crm.activity.logged',
    source: 'onegraph/crm',
    orgid: company.org,
    subject: `company/${company.id}`,
    data: { activityId: company.activities[n % company.activities.length]!, companyId: company.id, type: 'NOTE' },
  });
}

/**
 * Publishes `rate` events a second for `seconds`: every millisecond or so,
 * what is due is sent in one batch (one produce request). Each event's
 * publish time is taken just before its batch is sent.
 */
async function publishAtRate(
  bus: ReturnType<typeof createKafkaBus>,
  eventsPerSecond: number,
  seconds: number,
  next: () => Envelope,
  receipts: Receipts,
  measured: boolean,
  byCompany: Map<string, Subscriber[]>,
): Promise<{ count: number; expected: number }> {
  const start = performance.now();
  const total = Math.round(eventsPerSecond * seconds);
  let count = 0;
  let expected = 0;
  while (count < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * eventsPerSecond)) - count;
    if (due <= 0) {
      await sleep(1);
      continue;
    }
    const batch = Array.from({ length: due }, next);
    const at = performance.now();
    for (const event of batch) {
      receipts.publishedAt.set(event.id, at);
      if (measured) {
        receipts.measured.add(event.id);
        expected += byCompany.get((event.data as { companyId: string }).companyId)?.length ?? 0;
      }
    }
    await bus.publish(topicOf('crm'), batch);
    count += due;
  }
  return { count, expected };
}

function report(rows: readonly ScenarioResult[]) {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  const lines = [
    `# Subscription fan-out (${new Date().toISOString()})`,
    '',
    `One gateway instance; ${rate} events/s for ${durationSec} s (after ${warmupSec} s of warm-up) across ${rows[0]?.companies ?? '?'} companies of ${orgCount} organisations; selection \`${flags.selection}\`; subgraphs on ${flags.postgres ? 'PostgreSQL' : 'PGlite'}; batches of up to ${flags.batch} events; ${machine}.`,
    '',
    '| subscribers | delivered / expected | events/s | p50 | p90 | p99 | max | gateway RSS (idle → with subscribers) | RSS / subscriber | heap / subscriber | CPU: gateway, backend, PostgreSQL, clients | CPU ms / event: gateway, backend, PostgreSQL, clients | events / batch | connect |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.subscribers} | ${r.delivered} / ${r.expected}${r.delivered === r.expected ? '' : ' ⚠'} | ${r.achievedRate.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} | ` +
        `${mib(r.rssBaseline)} → ${mib(r.rssWithSubscribers)} | ${(r.rssPerSubscriber / 1024).toFixed(1)} KiB | ${(r.heapPerSubscriber / 1024).toFixed(1)} KiB | ` +
        `${r.gatewayCpu.toFixed(0)}%, ${r.backendCpu.toFixed(0)}%, ${flags.postgres ? `${r.postgresCpu.toFixed(0)}%` : '—'}, ${r.clientsCpu.toFixed(0)}% | ` +
        `${r.gatewayCpuPerEvent.toFixed(2)}, ${r.backendCpuPerEvent.toFixed(2)}, ${flags.postgres ? r.postgresCpuPerEvent.toFixed(2) : '—'}, ${r.clientsCpuPerEvent.toFixed(2)} | ${r.eventsPerBatch.toFixed(1)} | ${r.connectSec.toFixed(1)} s |`,
    ),
    '',
    ...rows.flatMap((r) => (r.errors.length ? [`Errors seen with ${r.subscribers} subscribers: ${r.errors.join('; ')}`] : [])),
    ...(rows.some((r) => r.errors.length) && childProblems.length
      ? ['', 'The last warnings and errors the processes logged:', '', ...childProblems.map((l) => `    ${l}`)]
      : []),
  ];
  const text = lines.join('\n');
  console.log(`\n${text}\n`);
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '-');
  writeFileSync(join(dir, `${stamp}.md`), `${text}\n`);
  writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify({ flags, machine, results: rows }, null, 2)}\n`);
  if (flags.profile)
    log(
      `CPU profiles in ${dir}: ${readdirSync(dir)
        .filter((f) => f.endsWith('.cpuprofile'))
        .join(', ')}`,
    );
}

/** Starts a child process running a TypeScript file and waits for its `{"ready":...}` line. */
async function startChild(
  name: string,
  file: string,
  nodeFlags: string[],
  config: unknown,
  timeoutMs: number,
): Promise<{ child: ChildProcess; ready: Record<string, unknown> }> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', file], {
    env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
    for (const line of chunk.split('\n')) {
      if (!/"level":"(warn|error|fatal)"/.test(line)) continue;
      childProblems.push(`[${name}] ${line.slice(0, 2000)}`);
      if (childProblems.length > 20) childProblems.shift();
    }
    if (process.env['BENCH_VERBOSE']) process.stderr.write(chunk.replace(/^(?=.)/gm, `[${name}] `));
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{"ready"')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
  child.removeAllListeners('exit');
  child.once('exit', (code) => {
    if (children.has(child)) {
      console.error(`${name} exited unexpectedly (${code}, ${String(child.signalCode)}):\n${stderr}`);
      process.exit(1);
    }
  });
  return { child, ready };
}

async function stopChild(child: ChildProcess): Promise<void> {
  children.delete(child);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Sends an IPC command and waits for its answer. */
function command(child: ChildProcess, message: Record<string, unknown>, answer: string): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (reply: { type: string }) => {
      if (reply.type !== answer) return;
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

function stats(child: ChildProcess): Promise<GatewayStats> {
  return new Promise((resolve) => {
    const onMessage = (message: GatewayStats) => {
      if (message.type !== 'stats') return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type: 'stats' });
  });
}

/** User + system CPU time of a process so far, in ms (Linux /proc). */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return Number.NaN;
  }
}

/** User + system CPU time of a process and its children (the direct ones: a PostgreSQL server's backends) so far, in ms; 0 without a process. */
function processTreeCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(entry) !== pid && Number(fields[1]) !== pid) continue;
      // utime, stime, and the children it waited for (backends that exited)
      total += ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / 100;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** A TCP port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A small seeded PRNG, so that runs pick the same companies. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ms(value: number) {
  return Number.isNaN(value) ? '—' : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}
function mib(bytes: number) {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
function log(message: string) {
  process.stderr.write(`[bench:subscriptions] ${message}\n`);
}
function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name}: expected a positive number, got "${value}"`);
  return n;
}
function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

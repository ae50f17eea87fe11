// Throughput of the crm PSA consumer (`crm.psa-events`) with its inbox
// deduplication on: N PSA events (ticket activity and CSAT, as PSA sends
// them) are published, timed until all are applied; then the same N again,
// with the same ids, timed until all are skipped as duplicates.
//
//   npx tsx bench/integrations-consumers.ts [--events 2000] [--kafka 127.0.0.1:9092]
//
// In-process memory Bus and PGlite in memory by default (the consumer's own
// cost: transaction, inbox row, timeline, health recompute); `--kafka` runs
// it on a broker instead (a namespace of its own).
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createEnvelope, createKafkaBus, createMemoryBus, topicOf, type Bus, type Envelope } from '@onegraph/bus';
import { createInternalTokens } from '@onegraph/auth';
import { createCrmSubgraph } from '@onegraph/crm-subgraph';

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: { events: { type: 'string', default: '2000' }, kafka: { type: 'string' } },
  strict: true,
});
const n = Number(flags.events);
if (!Number.isInteger(n) || n < 1) throw new Error(`--events: a positive integer, not ${flags.events}`);

const bus: Bus = flags.kafka
  ? createKafkaBus({ brokers: flags.kafka.split(','), clientId: 'onegraph-bench', namespace: `bench${randomUUID().slice(0, 6)}.`, partitions: 3 })
  : createMemoryBus();
const crm = await createCrmSubgraph({ bus, internalTokens: createInternalTokens(randomUUID()), seedDemoData: true });

// the demo companies of both organisations, so the stream spreads over keys as a real one does
const targets = [
  { org: 'demo', companyId: 'cmp_acme' },
  { org: 'demo', companyId: 'cmp_brightline' },
  { org: 'demo-2', companyId: 'cmp_northwind' },
];
const stream: Envelope[] = Array.from({ length: n }, (_, i) => {
  const { org, companyId } = targets[i % targets.length]!;
  const ticketId = `bench-t-${i % 200}`;
  return i % 4 === 3
    ? createEnvelope({ type: 'psa.csat.recorded', source: 'onestack/psa', orgid: org, data: { psaClientId: 'psa-bench', crmCompanyId: companyId, ticketId, score: (i % 5) + 1 } })
    : createEnvelope({
        type: 'psa.ticket.activity',
        source: 'onestack/psa',
        orgid: org,
        data: { psaClientId: 'psa-bench', crmCompanyId: companyId, ticketId, ticketNumber: `B-${i}`, summary: `Bench ticket ${i}`, status: i % 3 ? 'open' : 'resolved' },
      });
});

const processed = async () =>
  Number((await crm.db.query<{ n: string }>(`SELECT count(*) AS n FROM processed_events WHERE consumer = 'crm.psa-events'`)).rows[0]!.n);

/** Publishes in batches and waits until the inbox holds `expected` rows (after a fence event per organisation on redelivery). */
async function run(events: readonly Envelope[], expected: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < events.length; i += 500) await bus.publish(topicOf('psa'), events.slice(i, i + 500));
  while ((await processed()) < expected) await new Promise((resolve) => setTimeout(resolve, 20));
  return performance.now() - started;
}

/** One new event per organisation: applied only after everything before it on its key, so the redelivered duplicates are behind us. */
const fences = () =>
  targets
    .filter((t, i) => targets.findIndex((o) => o.org === t.org) === i)
    .map((t) =>
      createEnvelope({
        type: 'psa.ticket.activity',
        source: 'onestack/psa',
        orgid: t.org,
        data: { psaClientId: 'psa-bench', crmCompanyId: t.companyId, ticketId: `fence-${randomUUID().slice(0, 6)}`, ticketNumber: 'F-1', summary: 'fence', status: 'open' },
      }),
    );

try {
  const base = await processed();
  const first = await run(stream, base + n);
  const again = fences();
  const redelivery = await run([...stream, ...again], base + n + again.length);
  const activities = Number((await crm.db.query<{ n: string }>(`SELECT count(*) AS n FROM activities WHERE source = 'PSA' AND summary LIKE 'Ticket B-%'`)).rows[0]!.n);
  const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-US');
  console.log(`\ncrm PSA consumer, ${n} events (¾ ticket activity, ¼ CSAT), ${bus.kind} bus, ${crm.db.kind}, inbox deduplication on\n`);
  console.log('| delivery | events | time (ms) | events/s |');
  console.log('|---|---:|---:|---:|');
  console.log(`| first (applied) | ${n} | ${Math.round(first)} | ${rate(n, first)} |`);
  console.log(`| again, same ids (skipped) | ${n} | ${Math.round(redelivery)} | ${rate(n, redelivery)} |`);
  console.log(`\ntimeline entries from the stream: ${activities} (expected ${stream.filter((e) => e.type === 'psa.ticket.activity').length}: duplicates skipped)`);
} finally {
  await crm.close();
  await bus.close();
}

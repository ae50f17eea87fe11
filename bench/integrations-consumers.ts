// Throughput of the integrations' Bus consumers with their inbox
// deduplication on. For each consumer, a stream of N events of the kind it
// consumes (as the product sends them) is published and timed until every
// event is applied; then the same N again, same ids, timed until all are
// skipped as duplicates. Printed as a table, each consumer's rate also as a
// ratio to the crm PSA consumer's, measured in the same run.
//
//   npm run bench:consumers -- [--events 2000] [--kafka 127.0.0.1:9092] [--postgres]
//
// In-process memory Bus and PGlite in memory by default (the consumers' own
// cost: transaction, inbox row, effect); `--kafka` runs them on a broker
// instead (a namespace of its own); `--postgres` on a throwaway PostgreSQL
// server started for the run (each subgraph a database of its own), the
// production path. Both subgraphs run, so the two consumers
// of `onestack.psa.events` (crm's and the integrations read model) take the
// same stream at once, as in production.
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createEnvelope, createKafkaBus, createMemoryBus, readKafkaConfig, topicOf, type Bus, type Envelope } from '@onegraph/bus';
import { EnvReader } from '@onegraph/config';
import { createInternalTokens } from '@onegraph/auth';
import { createCrmSubgraph } from '@onegraph/crm-subgraph';
import type { Db } from '@onegraph/db';
import { createIntegrationsSubgraph } from '@onegraph/integrations-subgraph';
import { createTestDatabase, startPostgresServer } from '@onegraph/testing';

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: { events: { type: 'string', default: '2000' }, kafka: { type: 'string' }, postgres: { type: 'boolean', default: false } },
  strict: true,
});
const n = Number(flags.events);
if (!Number.isInteger(n) || n < 1) throw new Error(`--events: a positive integer, not ${flags.events}`);

const bus: Bus = flags.kafka
  ? createKafkaBus({
      brokers: flags.kafka.split(','),
      // One Graph's login (KAFKA_SASL_*), e.g. the test broker's `onegraph`, whose test grants cover namespaces starting with `t`
      sasl: readKafkaConfig(new EnvReader(process.env)).sasl,
      clientId: 'onegraph-bench',
      namespace: `tbench${randomUUID().slice(0, 6)}.`,
      partitions: 3,
    })
  : createMemoryBus();
const internalTokens = createInternalTokens(randomUUID());
const postgres = flags.postgres ? await startPostgresServer() : undefined;
const databases = postgres
  ? { crm: await createTestDatabase(postgres.url, 'bench_crm'), integrations: await createTestDatabase(postgres.url, 'bench_integrations') }
  : undefined;
const crm = await createCrmSubgraph({ bus, internalTokens, seedDemoData: true, databaseUrl: databases?.crm.url });
const integrations = await createIntegrationsSubgraph({ bus, internalTokens, databaseUrl: databases?.integrations.url });

// the demo companies of both organisations, so each stream spreads over keys as a real one does
const targets = [
  { org: 'demo', companyId: 'cmp_acme', phone: '+14155550101' },
  { org: 'demo', companyId: 'cmp_brightline', phone: '+14155550101' },
  { org: 'demo-2', companyId: 'cmp_northwind', phone: '+442079460958' },
];
const at = (i: number) => targets[i % targets.length]!;

const psaStream = (count: number): Envelope[] =>
  Array.from({ length: count }, (_, i) => {
    const { org, companyId } = at(i);
    const ticketId = `bench-t-${i % 200}`;
    return i % 4 === 3
      ? createEnvelope({
          type: 'psa.csat.recorded',
          source: 'onestack/psa',
          orgid: org,
          data: { psaClientId: 'psa-bench', crmCompanyId: companyId, ticketId, score: (i % 5) + 1 },
        })
      : createEnvelope({
          type: 'psa.ticket.activity',
          source: 'onestack/psa',
          orgid: org,
          data: {
            psaClientId: 'psa-bench',
            crmCompanyId: companyId,
            ticketId,
            ticketNumber: `B-${i}`,
            summary: `Bench ticket ${i}`,
            status: i % 3 ? 'open' : 'resolved',
          },
        });
  });

const booksStream = (count: number): Envelope[] =>
  Array.from({ length: count }, (_, i) => {
    const { org, companyId } = at(i);
    const invoice = {
      invoiceId: `bench-inv-${Math.floor(i / 2)}`,
      number: `INV-${Math.floor(i / 2)}`,
      crmCompanyId: companyId,
      total: '1200.00',
      currency: 'USD',
      issuedAt: '2026-11-01T00:00:00Z',
      dueAt: '2026-12-01T00:00:00Z',
    };
    // each invoice issued, then paid
    return i % 2 === 0
      ? createEnvelope({ type: 'books.invoice.issued', source: 'onestack/books', orgid: org, data: invoice })
      : createEnvelope({ type: 'books.invoice.paid', source: 'onestack/books', orgid: org, data: { ...invoice, paidAt: '2026-11-20T00:00:00Z' } });
  });

const voiceStream = (count: number): Envelope[] =>
  Array.from({ length: count }, (_, i) => {
    const { org, phone } = at(i);
    return createEnvelope({
      type: 'voice.call.completed',
      source: 'onestack/voice',
      orgid: org,
      data: {
        callId: `bench-call-${randomUUID()}`,
        direction: 'inbound',
        from: phone,
        to: '+14155550199',
        startedAt: new Date().toISOString(),
        durationSeconds: 60 + (i % 300),
        agentUserId: 'user-bench',
      },
    });
  });

const processed = (db: Db, consumer: string) => async () =>
  Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM processed_events WHERE consumer = $1`, [consumer])).rows[0]!.n);

interface Subject {
  consumer: string;
  what: string;
  topic: string;
  stream: (count: number) => Envelope[];
  count: () => Promise<number>;
  /** The events of the stream it records in its inbox (the read model ignores CSAT, say). Default all. */
  takes?: (event: Envelope) => boolean;
}
const psaEvents = psaStream(n);
const subjects: Subject[] = [
  {
    consumer: 'crm.psa-events',
    what: 'PSA tickets and CSAT → timeline, health score',
    topic: topicOf('psa'),
    stream: () => psaEvents,
    count: processed(crm.db, 'crm.psa-events'),
  },
  {
    consumer: 'integrations.psa-read-model',
    what: 'the same PSA stream → PSA read model (at the same time as crm)',
    topic: topicOf('psa'),
    stream: () => psaEvents,
    count: processed(integrations.db, 'integrations.psa-read-model'),
    takes: (event) => event.type === 'psa.ticket.activity',
  },
  {
    consumer: 'integrations.books-invoices',
    what: 'Books invoices issued and paid → invoices read model',
    topic: topicOf('books'),
    stream: booksStream,
    count: processed(integrations.db, 'integrations.books-invoices'),
  },
  {
    consumer: 'crm.voice-events',
    what: 'Voice calls → contact timelines',
    topic: topicOf('voice'),
    stream: voiceStream,
    count: processed(crm.db, 'crm.voice-events'),
  },
];

/** Publishes in batches; resolves with the ms until each subject's inbox grew by `expected`. */
async function timed(topic: string, events: readonly Envelope[], waitFor: { subject: Subject; expected: number }[]): Promise<number[]> {
  const started = performance.now();
  for (let i = 0; i < events.length; i += 500) await bus.publish(topic, events.slice(i, i + 500));
  return Promise.all(
    waitFor.map(async ({ subject, expected }) => {
      while ((await subject.count()) < expected) {
        if (performance.now() - started > 300_000) throw new Error(`${subject.consumer}: fewer than ${expected} events in its inbox after 5 minutes`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return performance.now() - started;
    }),
  );
}

/** One new event per organisation on the topic: applied only after every duplicate before it on its key. */
const fencesFor = (subject: Subject) =>
  subject
    .stream(targets.length)
    .filter((e, i, all) => all.findIndex((o) => o.orgid === e.orgid) === i)
    .map((e) => ({ ...e, id: randomUUID() }));

const rows: { subject: Subject; first: number; again: number; events: number }[] = [];
const sentFences: Envelope[] = [];
try {
  // subjects sharing a topic are measured together, from the same publish
  for (const topic of [...new Set(subjects.map((s) => s.topic))]) {
    const group = subjects.filter((s) => s.topic === topic);
    const events = group[0]!.stream(n);
    const bases = await Promise.all(group.map((s) => s.count()));
    const taken = (subject: Subject, list: readonly Envelope[]) => list.filter(subject.takes ?? (() => true)).length;
    const first = await timed(
      topic,
      events,
      group.map((subject, i) => ({ subject, expected: bases[i]! + taken(subject, events) })),
    );
    const fences = fencesFor(group[0]!);
    sentFences.push(...fences);
    const again = await timed(
      topic,
      [...events, ...fences],
      group.map((subject, i) => ({ subject, expected: bases[i]! + taken(subject, events) + taken(subject, fences) })),
    );
    group.forEach((subject, i) => rows.push({ subject, first: first[i]!, again: again[i]!, events: taken(subject, events) }));
  }

  const rate = (ms: number, events = n) => events / (ms / 1000);
  const base = rate(rows[0]!.first);
  const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
  console.log(
    `\n# Integrations consumers: ${n} events each, ${bus.kind} bus, ${crm.db.kind}, inbox deduplication on\n\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  console.log(
    '| consumer | events | recorded | first delivery (applied), events/s | ratio to crm.psa-events | redelivery, same ids (skipped), events/s | redelivery / first |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const { subject, first, again, events } of rows) {
    const applied = rate(first, events);
    const skipped = rate(again, events);
    console.log(
      `| \`${subject.consumer}\` | ${subject.what} | ${events} | ${fmt(applied)} | ${(applied / base).toFixed(2)} | ${fmt(skipped)} | ${(skipped / applied).toFixed(1)} |`,
    );
  }
  const tickets = Number(
    (await crm.db.query<{ n: string }>(`SELECT count(*) AS n FROM activities WHERE source = 'PSA' AND summary LIKE 'Ticket B-%'`)).rows[0]!.n,
  );
  const expectedTickets = [...psaEvents, ...sentFences].filter((e) => e.type === 'psa.ticket.activity').length;
  console.log(`\ntimeline entries from the PSA stream (and its fences): ${tickets} (expected ${expectedTickets}: duplicates skipped)`);
} finally {
  await integrations.close();
  await crm.close();
  await bus.close();
  await postgres?.[Symbol.asyncDispose]();
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EnvReader } from '@onegraph/config';
import { createEnvelope, createKafkaBus, readKafkaConfig, topicOf, type Bus, type Envelope } from '@onegraph/bus';
import { grantTestNamespace, testKafkaBus } from '@onegraph/testing';

/** The kafkajs error type (`TOPIC_AUTHORIZATION_FAILED`, …) of a failure, wherever kafkajs nested it. */
function kafkaErrorTypes(error: unknown): string[] {
  if (!error || typeof error !== 'object') return [];
  const e = error as { type?: unknown; cause?: unknown; errors?: unknown };
  return [...(typeof e.type === 'string' ? [e.type] : []), ...kafkaErrorTypes(e.cause), ...(Array.isArray(e.errors) ? e.errors.flatMap(kafkaErrorTypes) : [])];
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure, the call succeeded');
}

const ticket = (org: string, summary: string): Envelope =>
  createEnvelope({
    source: 'psa',
    type: 'psa.ticket.activity',
    orgid: org,
    data: { psaClientId: 'psa-client-1', crmCompanyId: 'cmp_acme', ticketId: `t-${randomUUID()}`, ticketNumber: 'T-1', summary, status: 'open' },
  }) as Envelope;
const invoice = (org: string, number: string): Envelope =>
  createEnvelope({
    source: 'books',
    type: 'books.invoice.issued',
    orgid: org,
    data: {
      invoiceId: `inv-${randomUUID()}`,
      number,
      crmCompanyId: 'cmp_acme',
      total: '100.00',
      currency: 'USD',
      issuedAt: new Date().toISOString(),
      dueAt: new Date().toISOString(),
    },
  }) as Envelope;

describe('the authenticated Bus: each principal may do what its ACLs allow, and nothing else', () => {
  // One Graph's services (`onegraph`) and two products, on one namespace as one deployment
  const oneGraph = testKafkaBus();
  const { namespace } = oneGraph;
  const psa = testKafkaBus({ namespace, principal: 'psa', clientId: 'psa' });
  const books = testKafkaBus({ namespace, principal: 'books', clientId: 'books' });
  const buses: Bus[] = [oneGraph, psa, books];

  beforeAll(async () => {
    const credentials = inject('kafkaCredentials');
    if (!credentials) throw new Error('the run broker has no credentials: it must authenticate (scripts/kafka-test-broker.sh)');
    await grantTestNamespace(inject('kafkaBrokers').split(','), credentials, namespace);
  });
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
  });

  it("lets One Graph read PSA's topic, written by PSA", async () => {
    const seen: Envelope[] = [];
    let arrived: () => void = () => {};
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const consumer = await oneGraph.consume({
      groupId: `crm.psa-events-${randomUUID().slice(0, 8)}`,
      topics: [topicOf('psa')],
      handler: async (event) => {
        seen.push(event);
        arrived();
      },
    });
    try {
      const event = ticket('demo', 'printer on fire');
      await psa.publish(topicOf('psa'), event);
      await arrival;
      expect(seen.map((e) => e.id)).toEqual([event.id]);
    } finally {
      await consumer.stop();
    }
  });

  it("refuses PSA writing Books' topic (TOPIC_AUTHORIZATION_FAILED), and no consumer sees that event", async () => {
    const seen: Envelope[] = [];
    let arrived: () => void = () => {};
    const marker = invoice('demo', 'INV-REAL');
    const markerSeen = new Promise<void>((resolve) => (arrived = resolve));
    const consumer = await oneGraph.consume({
      groupId: `integrations.books-invoices-${randomUUID().slice(0, 8)}`,
      topics: [topicOf('books')],
      handler: async (event) => {
        seen.push(event);
        if (event.id === marker.id) arrived();
      },
    });
    try {
      // PSA forging a Books invoice for an organisation
      const forged = invoice('demo', 'INV-FORGED');
      const error = await failureOf(psa.publish(topicOf('books'), forged));
      expect(kafkaErrorTypes(error)).toContain('TOPIC_AUTHORIZATION_FAILED');

      // Books' own event, written after the refused one, arrives; the forged one never did
      await books.publish(topicOf('books'), marker);
      await markerSeen;
      expect(seen.map((e) => e.id)).toEqual([marker.id]);
    } finally {
      await consumer.stop();
    }
  });

  it("refuses a product reading another's topic", async () => {
    const error = await failureOf(books.offsets(topicOf('psa')));
    expect(kafkaErrorTypes(error)).toContain('TOPIC_AUTHORIZATION_FAILED');
  });

  it('refuses to connect an unknown principal or a wrong password (SASL authentication failed)', async () => {
    for (const sasl of [
      { mechanism: 'scram-sha-512', username: 'mallory', password: 'guess' },
      { mechanism: 'scram-sha-512', username: 'psa', password: 'not-psas-password' },
    ] as const) {
      const intruder = createKafkaBus({ brokers: inject('kafkaBrokers').split(','), namespace, clientId: 'intruder', sasl, retry: { retries: 0 } });
      buses.push(intruder);
      const error = await failureOf(intruder.publish(topicOf('psa'), ticket('demo', 'forged')));
      expect(error.name).toBe('KafkaJSSASLAuthenticationError');
      expect(error.message).toMatch(/SASL SCRAM SHA512 authentication failed/);
    }
  });
});

describe('readKafkaConfig', () => {
  it('reads the SASL login of a service', () => {
    const r = new EnvReader({
      KAFKA_BROKERS: 'k1:9092,k2:9092',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'onegraph',
      KAFKA_SASL_PASSWORD: 's3cret',
    });
    expect(readKafkaConfig(r)).toEqual({
      brokers: ['k1:9092', 'k2:9092'],
      sasl: { mechanism: 'scram-sha-512', username: 'onegraph', password: 's3cret' },
      ssl: false,
    });
    expect(r.problems).toEqual([]);
  });

  it('reads no login when none is configured', () => {
    const r = new EnvReader({ KAFKA_BROKERS: 'k1:9092' });
    expect(readKafkaConfig(r)).toEqual({ brokers: ['k1:9092'], sasl: undefined, ssl: false });
    expect(r.problems).toEqual([]);
  });

  it('reports a mechanism without its username and password, an unknown mechanism, and credentials without a mechanism', () => {
    const partial = new EnvReader({ KAFKA_SASL_MECHANISM: 'scram-sha-512' });
    readKafkaConfig(partial);
    expect(partial.problems).toEqual([expect.stringMatching(/^KAFKA_SASL_USERNAME: expected/), expect.stringMatching(/^KAFKA_SASL_PASSWORD: expected/)]);
    const unknown = new EnvReader({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    readKafkaConfig(unknown);
    expect(unknown.problems).toEqual(['KAFKA_SASL_MECHANISM: expected one of scram-sha-512, scram-sha-256, got "plain"']);
    const orphan = new EnvReader({ KAFKA_SASL_USERNAME: 'u' });
    readKafkaConfig(orphan);
    expect(orphan.problems).toEqual([expect.stringMatching(/^KAFKA_SASL_MECHANISM: expected/)]);
  });
});

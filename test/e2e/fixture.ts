import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Bus } from '@onegraph/bus';
import { startStack, type Stack, type StackOptions } from '@onegraph/stack';
import {
  createTestDatabase,
  startKafkaBroker,
  testKafkaBus,
  testProductBuses,
  type KafkaBroker,
  type ProductBuses,
  type TestDatabase,
  type TestKafkaBusOptions,
} from '@onegraph/testing';

export interface UseStackOptions extends Omit<StackOptions, 'bus'> {
  /**
   * The stack's Bus: Kafka (the default) on the run's broker, in a namespace
   * of this file's own; or a Bus the file made (the in-process one, for files
   * that test no delivery through Kafka), closed with the stack.
   */
  bus?: 'kafka' | Bus;
  /**
   * Kafka: a broker of the file's own, started before the stack and disposed
   * after it, for a test that stops or kills it (the run's broker is shared
   * by every file running in parallel). Default false.
   */
  ownBroker?: boolean;
  /** Kafka: the client's retry budget and log (`KafkaBusOptions`). */
  kafka?: Pick<TestKafkaBusOptions, 'retry' | 'log'>;
}

/** The file's stack, with what the fixture started it on. */
export interface TestStack extends Stack {
  /** The Kafka namespace of the file's topics and groups ('' on a Bus the file made). */
  readonly namespace: string;
  /** The file's own broker (`ownBroker`); reading it without one throws. */
  readonly broker: KafkaBroker;
  /** Which database the subgraphs run on: the embedded PGlite, or a PostgreSQL server (the e2e-postgres project). */
  readonly database: 'pglite' | 'postgres';
}

/**
 * The one way an end-to-end file starts One Graph: the file's stack, started
 * before its tests (with the simulators it asks for) on a Bus of its own, and
 * closed with that Bus (and broker) after them. Call it at the top of a
 * `describe`; hooks registered after it run after the start and before the
 * close. In the e2e-postgres project (a PostgreSQL server provided as
 * `postgresUrl`) each subgraph of the stack gets a database of its own on that
 * server, dropped after the stack closes; elsewhere they run on PGlite. The
 * returned stack may be used from then on (in hooks and tests); used before
 * the start, it throws.
 */
export function useStack(options: UseStackOptions = {}): TestStack {
  const { bus: kind = 'kafka', ownBroker = false, kafka, ...stackOptions } = options;
  let started: { stack: Stack; namespace: string; broker: KafkaBroker | undefined } | undefined;
  let bus: Bus | undefined;
  let broker: KafkaBroker | undefined;
  let productBuses: ProductBuses | undefined;
  const databases: TestDatabase[] = [];
  const postgresUrl = inject('postgresUrl');
  const database = postgresUrl ? 'postgres' : 'pglite';
  beforeAll(
    async () => {
      if (postgresUrl) {
        const prefix = `e2e_${randomBytes(5).toString('hex')}`;
        const crm = await createTestDatabase(postgresUrl, `${prefix}_crm`);
        databases.push(crm);
        const integrations = await createTestDatabase(postgresUrl, `${prefix}_integrations`);
        databases.push(integrations);
        stackOptions.databaseUrls = { crm: crm.url, integrations: integrations.url };
      }
      if (kind !== 'kafka') {
        bus = kind;
        started = { stack: await startStack({ ...stackOptions, bus }), namespace: '', broker: undefined };
        return;
      }
      if (ownBroker) broker = await startKafkaBroker();
      const on = broker ? { brokers: broker.brokers, credentials: broker.credentials } : {};
      // One Graph's services log in as `onegraph`; the simulated products publish as themselves
      const kafkaBus = testKafkaBus({ ...kafka, ...on });
      bus = kafkaBus;
      productBuses = await testProductBuses(kafkaBus.namespace, { ...kafka, ...on });
      started = { stack: await startStack({ ...stackOptions, bus: kafkaBus, productBuses }), namespace: kafkaBus.namespace, broker };
    },
    // a broker of its own may first fetch its jars
    ownBroker ? 300_000 : undefined,
  );
  afterAll(async () => {
    await started?.stack.close();
    await bus?.close();
    await productBuses?.close();
    await broker?.dispose();
    for (const db of databases.splice(0)) await db.drop();
  });
  return new Proxy({} as TestStack, {
    get(_, key) {
      if (!started) throw new Error(`the file's stack is used before it started (stack.${String(key)}): use it in hooks and tests, after useStack()`);
      if (key === 'namespace') return started.namespace;
      if (key === 'database') return database;
      if (key === 'broker') return started.broker ?? failNoBroker();
      return Reflect.get(started.stack, key);
    },
  });
}

function failNoBroker(): never {
  throw new Error('this stack runs on the shared broker: useStack({ ownBroker: true }) for one of its own');
}

import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createKafkaBus, type Bus, type KafkaBusOptions } from '@onegraph/bus';
import { grantTestNamespace, scramLogin, type KafkaCredentials, type KafkaPrincipal, type ProductPrincipal, type ScramLogin } from './kafka-acls.ts';

export interface TestKafkaBusOptions extends Pick<KafkaBusOptions, 'retry' | 'log' | 'partitions'> {
  /** Topic and group prefix. Default a fresh one (`t` and 8 hex digits, then a dot): the bus sees only its own topics and groups. */
  namespace?: string;
  /** Bootstrap servers, comma-separated. Default the run's broker (`inject('kafkaBrokers')`, from test/global-setup.ts). */
  brokers?: string;
  /** Default `onegraph-test`. */
  clientId?: string;
  /**
   * Whom the bus logs in as: One Graph's services (the default), a product (whose ACLs let it
   * write its own topic of a namespace granted with `grantTestNamespace`), or the super user.
   */
  principal?: KafkaPrincipal;
  /** The broker's passwords. Default the run's broker's (`inject('kafkaCredentials')`); null: no authentication. */
  credentials?: KafkaCredentials | null;
}

/**
 * A Kafka Bus for a test, on the run's broker (or `brokers`) in a namespace of
 * its own: each test file's stack sees only its own topics and groups while
 * sharing one real broker. Give another bus the same `namespace` to play
 * another process on the same topics.
 */
export function testKafkaBus(options: TestKafkaBusOptions = {}): Bus & { readonly namespace: string } {
  const namespace = options.namespace ?? `t${randomUUID().slice(0, 8)}.`;
  const credentials = options.credentials === undefined ? inject('kafkaCredentials') : options.credentials;
  const bus = createKafkaBus({
    ...(credentials ? { sasl: scramLogin(credentials, options.principal ?? 'onegraph') } : {}),
    brokers: (options.brokers ?? inject('kafkaBrokers')).split(','),
    clientId: options.clientId ?? 'onegraph-test',
    namespace,
    partitions: options.partitions ?? 3,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return Object.assign(bus, { namespace });
}

/** A Bus per product that publishes, each logged in as that product. */
export type ProductBuses = Readonly<Record<ProductPrincipal, Bus>> & { close(): Promise<void> };

/**
 * The buses the other products publish with in a test, on `namespace` (a stack's), each logged in
 * as its product: the namespace is granted first (`grantTestNamespace`), so each may write its own
 * topic there and no other. Without credentials (a broker without authentication) they are plain buses.
 */
export async function testProductBuses(
  namespace: string,
  options: Pick<TestKafkaBusOptions, 'brokers' | 'credentials' | 'retry' | 'log'> = {},
): Promise<ProductBuses> {
  const brokers = options.brokers ?? inject('kafkaBrokers');
  const credentials = options.credentials === undefined ? inject('kafkaCredentials') : options.credentials;
  if (credentials) await grantTestNamespace(brokers.split(','), credentials, namespace);
  const as = (product: ProductPrincipal) => testKafkaBus({ ...options, brokers, credentials, namespace, principal: product, clientId: `${product}-simulator` });
  const buses: Record<ProductPrincipal, Bus> = {
    psa: as('psa'),
    books: as('books'),
    voice: as('voice'),
    portal: as('portal'),
    hub: as('hub'),
    m365: as('m365'),
  };
  return {
    ...buses,
    async close() {
      await Promise.all(Object.values(buses).map((bus) => bus.close()));
    },
  };
}

/**
 * The kafkajs `sasl` option of `principal` on the run's broker, to spread into a client's config
 * (`new Kafka({ ...testKafkaLogin('admin'), brokers })`); nothing for a broker without authentication.
 */
export function testKafkaLogin(principal: KafkaPrincipal = 'admin'): { sasl: ScramLogin } | Record<never, never> {
  const credentials = inject('kafkaCredentials');
  return credentials ? { sasl: scramLogin(credentials, principal) } : {};
}

import type { Metrics } from '@onegraph/metrics';
import { createConsumerRuntime, type ConsumerRuntime } from '@onegraph/consumers';
import type { Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import type { BooksClient, PsaClient } from '@onegraph/onestack-clients';
import type { ConsumerRetryOptions } from './core/retry-options.ts';
import type { ConsumerScope } from './core/scope.ts';
import type { DealTermsReader } from './features/books/crm-deals.ts';
import { booksBillingConsumer } from './features/books/deal-won.ts';
import { booksInvoicesConsumer } from './features/books/events.ts';
import { dealWonPsaConsumer } from './features/psa/deal-won.ts';
import { psaReadModelConsumer } from './features/psa/events.ts';
import { voiceReadModelConsumer } from './features/voice/events.ts';

export interface IntegrationsConsumerRetries {
  dealWonPsa?: ConsumerRetryOptions;
  booksBilling?: ConsumerRetryOptions;
}

export interface IntegrationsConsumersOptions {
  db: Db;
  psa: PsaClient | undefined;
  /** Without Books there is nothing to set up: its consumer does not run, and won deals wait in the topic until Books is connected. */
  books: BooksClient | undefined;
  /** Reads a won deal's current terms from crm (Books amendments). */
  dealTerms: DealTermsReader;
  retries?: IntegrationsConsumerRetries | undefined;
  log: Logger;
  /** Where parked events are counted. Default: not counted. */
  metrics?: Metrics | undefined;
}

/**
 * Every Bus consumer of the integrations subgraph, in one runtime: the
 * registry its consumers are started from and a replay from the graph
 * looks its consumer up in. Each event applies in a plain transaction.
 */
export function integrationsConsumerRuntime(options: IntegrationsConsumersOptions): ConsumerRuntime {
  const { db, log } = options;
  return createConsumerRuntime<ConsumerScope>({
    db,
    log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    idPrefix: 'ifev',
    consumers: [
      psaReadModelConsumer,
      booksInvoicesConsumer,
      voiceReadModelConsumer,
      dealWonPsaConsumer({ db, psa: options.psa, log, retry: options.retries?.dealWonPsa }),
      ...(options.books ? [booksBillingConsumer({ db, books: options.books, dealTerms: options.dealTerms, log, retry: options.retries?.booksBilling })] : []),
    ],
    transaction: (event, _consumer, work) => db.transaction((tx) => work(tx, { tx, org: event.orgid })),
  });
}

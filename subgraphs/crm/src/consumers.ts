import { createConsumerRuntime, type ConsumerRuntime } from '@onegraph/consumers';
import type { Metrics } from '@onegraph/metrics';
import type { Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import { runUnit, type Unit } from './core/unit-of-work.ts';
import { booksEventsConsumer } from './features/books/events.ts';
import { portalEventsConsumer } from './features/portal/events.ts';
import { psaEventsConsumer } from './features/psa/events.ts';
import { voiceEventsConsumer } from './features/voice/events.ts';

/** Every Bus consumer of crm: what `createCrmSubgraph` starts, and what a replay of a parked or dead-lettered event looks its consumer up in. */
export const crmConsumers = [psaEventsConsumer, portalEventsConsumer, voiceEventsConsumer, booksEventsConsumer];

/**
 * crm's consumer runtime: each event runs in a unit of work whose actor is
 * the consumer's name, so its effect, the outbox events it emits and its
 * inbox row commit together; the relay is woken after a commit that wrote
 * to the outbox.
 */
export function crmConsumerRuntime(db: Db, outbox: { wake(): void }, log?: Logger, metrics?: Metrics): ConsumerRuntime {
  return createConsumerRuntime<Unit>({
    db,
    ...(metrics ? { metrics } : {}),
    consumers: crmConsumers,
    idPrefix: 'prk',
    ...(log ? { log } : {}),
    async transaction(event, consumer, work) {
      const { wrote } = await runUnit(db, event.orgid, consumer, (unit) => work(unit.tx, unit));
      if (wrote) outbox.wake();
    },
  });
}

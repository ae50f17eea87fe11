import type { Db } from '@onegraph/db';
import type { Metrics } from '@onegraph/metrics';

/**
 * The outbox as a scrape finds it: rows not yet published
 * (`onegraph.outbox.backlog`) and the age of the oldest of them
 * (`onegraph.outbox.oldest_age`, 0 when none waits). A growing age means
 * the relay is stuck (the Bus away, or no leader).
 */
export function observeOutbox(metrics: Metrics, db: Db): void {
  const backlog = metrics.meter.createObservableGauge('onegraph.outbox.backlog', { description: 'Outbox rows not yet published', unit: '{row}' });
  const age = metrics.meter.createObservableGauge('onegraph.outbox.oldest_age', { description: 'Age of the oldest unpublished outbox row', unit: 's' });
  metrics.meter.addBatchObservableCallback(
    async (result) => {
      const { rows } = await db.query<{ waiting: string; age: number | null }>(
        `SELECT count(*)::text AS waiting, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age FROM outbox WHERE published_at IS NULL`,
      );
      result.observe(backlog, Number(rows[0]?.waiting ?? 0));
      result.observe(age, Math.max(0, rows[0]?.age ?? 0));
    },
    [backlog, age],
  );
}

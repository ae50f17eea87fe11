import type { Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import type { Clock } from '../../core/clock.ts';
import { runUnit } from '../../core/unit-of-work.ts';
import { recomputeHealth } from './store.ts';

/** The actor (and history `reason`) of the daily recomputation. */
export const DAILY_HEALTH_ACTOR = 'crm.health-daily';

export interface DailyHealthOptions {
  db: Db;
  clock: Clock;
  /** Woken after a company's new score was written to the outbox. */
  outbox: { wake(): void };
  log: Logger;
  /** When it runs each day, in minutes after midnight UTC (`HEALTH_RECOMPUTE_AT`). Default 120 (02:00 UTC). */
  atMinuteUtc?: number;
}

export interface DailyHealth {
  /**
   * Runs today's recomputation now unless it ran today (any instance):
   * resolves with the number of companies recomputed, or null when today's
   * run was already claimed.
   */
  runToday(): Promise<number | null>;
  stop(): Promise<void>;
}

const DAY_MINUTES = 24 * 60;

/**
 * Recomputes every company's health once a day, so engagement decays and
 * an unpaid invoice ages without a new input (docs/health-score.md). A day's
 * run is claimed in `health_daily_runs` first: several instances, or a
 * restart, run it once. Recomputing writes a history row and an event only
 * for a company whose score or a component changed, so running it again
 * changes nothing either. One clock reading serves the whole run.
 */
export function startDailyHealth(options: DailyHealthOptions): DailyHealth {
  const { db, clock, log } = options;
  const atMinute = options.atMinuteUtc ?? 120;
  let cancel: (() => void) | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();

  async function runToday(): Promise<number | null> {
    const now = clock.now();
    const day = now.toISOString().slice(0, 10); // the UTC day
    const claimed = await db.query(`INSERT INTO health_daily_runs (day, started_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING RETURNING day`, [day, now]);
    if (claimed.rows.length === 0) return null;
    const { rows } = await db.query<{ org_id: string; id: string }>(`SELECT org_id, id FROM companies ORDER BY org_id, id`);
    let wrote = false;
    for (const company of rows) {
      const unit = await runUnit(db, company.org_id, DAILY_HEALTH_ACTOR, (u) => recomputeHealth(u, company.id, 'daily'), now);
      wrote ||= unit.wrote;
    }
    if (wrote) options.outbox.wake();
    await db.query(`UPDATE health_daily_runs SET finished_at = $2, companies = $3 WHERE day = $1`, [day, clock.now(), rows.length]);
    log.info('health: daily recomputation done', { day, companies: rows.length });
    return rows.length;
  }

  function schedule() {
    if (stopped) return;
    const now = clock.now();
    const minuteOfDay = now.getUTCHours() * 60 + now.getUTCMinutes();
    const minutesAhead = (atMinute - minuteOfDay + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
    const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 0, minuteOfDay + minutesAhead);
    cancel = clock.setTimer(() => {
      running = runToday()
        .catch((error: unknown) => log.error('health: daily recomputation failed', { error: (error as Error).message }))
        .finally(schedule);
    }, next - now.getTime());
  }
  schedule();

  return {
    runToday,
    async stop() {
      stopped = true;
      cancel?.();
      await running;
    },
  };
}

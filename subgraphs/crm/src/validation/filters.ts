import { z } from 'zod';
import type { DealFilter } from '../generated/resolvers-types.ts';
import { calendarDate, instant, parseInput } from '../core/parse.ts';

const dealFilterSchema = z.object({ expectedCloseFrom: calendarDate.nullish(), expectedCloseTo: calendarDate.nullish() }).passthrough();

/** A deal filter whose dates are real calendar days. */
export function checkDealFilter<F extends DealFilter>(filter: F | null | undefined): F | null | undefined {
  if (filter) parseInput(dealFilterSchema, filter, 'filter');
  return filter;
}

const timeFilterSchema = z.object({ since: instant.nullish(), until: instant.nullish() });

/** `since`/`until` of a timeline filter, checked. */
export function timeRange(filter: { since?: unknown; until?: unknown } | null | undefined): { since: Date | null; until: Date | null } {
  const f = parseInput(timeFilterSchema, { since: filter?.since ?? null, until: filter?.until ?? null }, 'filter');
  return { since: f.since ?? null, until: f.until ?? null };
}

import { pageSize } from '@onegraph/db';
import type { TimelineScope, TimelineShape } from './store.ts';
import { timeRange } from './validation.ts';

/** The page shape of a timeline field's arguments. */
export function timelineShape(
  scope: TimelineScope,
  args: { first?: number | null; after?: string | null; filter?: { types?: readonly string[] | null; since?: unknown; until?: unknown } | null },
): { size: number; shape: TimelineShape } {
  const size = pageSize(args.first);
  const f = args.filter ?? {};
  return { size, shape: { scope, limit: size + 1, after: args.after ?? null, types: f.types?.length ? [...f.types].sort() : null, ...timeRange(f) } };
}

export const timelineCursor = (r: { occurred_at: Date }) => r.occurred_at.toISOString();

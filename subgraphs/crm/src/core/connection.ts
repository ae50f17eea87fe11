import { encodeCursor, pageSize } from './cursor.ts';
import type { TimelineShape, TimelineScope } from '../features/timeline/store.ts';
import { timeRange } from '../features/timeline/validation.ts';

/** Builds a Relay connection from rows fetched with one extra row as the next-page probe. */
export function toConnection<R extends { id: string }>(rows: readonly R[], first: number, sortKey: (row: R) => string) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(sortKey(node), node.id), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** A connection of rows that carry their sort key (`fetchPage`). */
export const sortedConnection = <R extends { id: string; _sort: string }>(rows: readonly R[], first: number) => toConnection(rows, first, (r) => r._sort);

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

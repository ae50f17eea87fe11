import { encodeCursor } from '@onegraph/db';

/** Builds a Relay connection from rows fetched with one extra row as the next-page probe. */
export function toConnection<R extends { id: string }>(rows: readonly R[], first: number, sortKey: (row: R) => string) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(sortKey(node), node.id), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** A connection of rows that carry their sort key (`fetchPage`). */
export const sortedConnection = <R extends { id: string; _sort: string }>(rows: readonly R[], first: number) => toConnection(rows, first, (r) => r._sort);

/** A list field's `orderBy` argument as the stores take it (`field` empty for the default order). */
export const sortOf = (order: { field?: string | undefined; direction?: string | undefined } | null | undefined) =>
  order ? { field: order.field ?? '', desc: order.direction === 'DESC' } : null;

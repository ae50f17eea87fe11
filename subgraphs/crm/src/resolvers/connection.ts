import { encodeCursor } from '../store/cursor.ts';

/** Builds a Relay connection from rows fetched with one extra row as the next-page probe. */
export function toConnection<R extends { id: string }>(rows: readonly R[], first: number, sortKey: (row: R) => string) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(sortKey(node), node.id), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

import { badInput } from '@onegraph/errors';

/**
 * Opaque Relay cursors: base64url of the sort key and id of the last row
 * seen. Keyset pagination, so a page never skips or repeats rows when
 * others are inserted meanwhile.
 */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortKey: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { sortKey: value[0], id: value[1] };
    }
  } catch {
    // falls through to the coded error
  }
  throw badInput('Invalid pagination cursor', { argument: 'after' });
}

/** Page sizes are bounded so that no query can ask for a whole table. */
export function pageSize(first: number | null | undefined, max = 100): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 0 || n > max) throw badInput(`first must be between 0 and ${max}`, { argument: 'first' });
  return n;
}

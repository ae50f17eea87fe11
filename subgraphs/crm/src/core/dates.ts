/**
 * A SQL `date` as `YYYY-MM-DD`. PGlite hands dates over as UTC midnight,
 * node-postgres as local midnight: whichever it is, its calendar day.
 */
export function dateOnly(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const utcMidnight = value.getUTCHours() === 0 && value.getUTCMinutes() === 0;
  const [y, m, d] = utcMidnight
    ? [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()]
    : [value.getFullYear(), value.getMonth() + 1, value.getDate()];
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const DAY_MS = 86_400_000;

/**
 * Amounts as whole cents (`bigint`): the graph sends `Decimal` strings with
 * up to two decimals, and sums of them must not pick up float rounding.
 */
export interface Money {
  currency: string;
  cents: bigint;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** `"1200.5"` → `120050n`. Throws on anything that is not a Decimal with at most two decimals. */
export function toCents(decimal: string): bigint {
  const match = DECIMAL.exec(decimal.trim());
  if (!match) throw new Error(`Not a decimal amount: ${decimal}`);
  const [, sign, whole, fraction = ''] = match;
  const cents = BigInt(whole ?? '0') * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

/** `120050n` → `"1200.50"`. */
export function fromCents(cents: bigint): `${number}` {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${abs / 100n}.${fraction}` as `${number}`;
}

/** Adds `cents` to the total of `currency`, keeping currencies in first-seen order. */
export function addTo(totals: Money[], currency: string, cents: bigint): void {
  const total = totals.find((t) => t.currency === currency);
  if (total) total.cents += cents;
  else totals.push({ currency, cents });
}

/**
 * A localised amount, e.g. `$48,000.00`. Intl formats the exact decimal
 * string; an unknown currency code falls back to `48000.00 XYZ`.
 */
export function formatMoney(money: Money, locale?: string): string {
  const amount = fromCents(money.cents);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(amount);
  } catch {
    return `${amount} ${money.currency}`;
  }
}

/** Several currencies' amounts, joined (`$1,000.00 + £200.00`); `—` for none. */
export function formatTotals(totals: readonly Money[], locale?: string): string {
  return totals.length === 0 ? '—' : totals.map((t) => formatMoney(t, locale)).join(' + ');
}

/**
 * Exact decimal arithmetic for money, on bigint micro-units (6 decimals):
 * amounts are stored as `numeric(14, 2)` and never pass through a float.
 */
const SCALE = 1_000_000n;
const pattern = /^(-)?(\d+)(?:\.(\d{1,6}))?$/;

export type Micros = bigint;

export function isDecimal(value: string): boolean {
  return pattern.test(value);
}

/** Parses `"1200.5"` into micro-units; throws on anything else (callers validate first). */
export function toMicros(value: string | number): Micros {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = pattern.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const micros = BigInt(m[2]!) * SCALE + BigInt((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -micros : micros;
}

/** a ÷ b rounded half away from zero. */
function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n !== b < 0n;
  const [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const q = (x * 2n + y) / (y * 2n);
  return negative ? -q : q;
}

export const mul = (a: Micros, b: Micros): Micros => divRound(a * b, SCALE);
/** a × percent ÷ 100, for probabilities and tax rates. */
export const percentOf = (a: Micros, percent: Micros): Micros => divRound(a * percent, 100n * SCALE);
export const sum = (values: readonly Micros[]): Micros => values.reduce((a, b) => a + b, 0n);
export const fromInt = (n: number): Micros => BigInt(n) * SCALE;

/** Rounds to cents, half away from zero. */
export const roundCents = (a: Micros): Micros => divRound(a, 10_000n) * 10_000n;

/** `"1200.50"`: rounded to `decimals` places (2 by default). */
export function formatDecimal(a: Micros, decimals = 2): string {
  const unit = 10n ** BigInt(6 - decimals);
  const rounded = divRound(a, unit);
  const negative = rounded < 0n;
  const abs = negative ? -rounded : rounded;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const frac = decimals > 0 ? `.${(abs % base).toString().padStart(decimals, '0')}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** A numeric column's text (`"48000.00"`, `"48000"`) in canonical 2-decimal form. */
export const money = (value: string | number): string => formatDecimal(toMicros(value));

/** a ÷ n (a whole number), rounded half away from zero to the micro-unit. */
export const divideBy = (a: Micros, n: bigint): Micros => divRound(a, n);

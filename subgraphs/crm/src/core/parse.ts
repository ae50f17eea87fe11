import { z } from 'zod';
import { badInput } from '@onegraph/errors';

/** One invalid field, as `extensions.issues` lists them. */
export interface InputIssue {
  /** Dotted path from the argument, e.g. `input.phones.0.number`. */
  path: string;
  message: string;
}

/** Throws BAD_USER_INPUT naming every invalid field. */
export function invalidInput(issues: InputIssue[]): never {
  throw badInput(`Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

/**
 * Validates a mutation argument with its zod schema; the result is the
 * parsed (trimmed, normalised) value. Every problem is reported at once.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, argument = 'input'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  invalidInput(result.error.issues.map((i) => ({ path: [argument, ...i.path.map(String)].join('.'), message: i.message })));
}

// Building blocks shared by the entity schemas. GraphQL has already checked
// types and required fields; these check ranges, formats and lengths.
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .nullish()
    .transform((v) => (v === '' ? null : v));
export const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as USD')
  .transform((v) => v.toUpperCase());
export const countryCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as US')
  .transform((v) => v.toUpperCase());
export const email = z.string().trim().toLowerCase().pipe(z.email('not an email address'));
export const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a domain name such as acme.com');
export const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
export const percent = z.number().int('a whole number').min(0, 'at least 0').max(100, 'at most 100');
export const tags = z.array(z.string().trim().toLowerCase().min(1).max(50)).max(50, 'at most 50 tags');
/** An amount (Decimal scalar): up to 12 digits and 2 decimals, not negative; canonical on output (`"1200.5"` stays as given). */
export const amount = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'a decimal number such as "1200.50"')
  .refine((v) => !v.startsWith('-'), 'must not be negative')
  .refine((v) => !/\.\d{3,}$/.test(v), 'at most 2 decimals')
  .refine((v) => /^\d{1,12}(\.|$)/.test(v), 'at most 12 digits before the point');

/** A real calendar day as `YYYY-MM-DD` (2027-02-30 is refused). */
export const calendarDate = z.string().refine((v) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const date = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
}, 'a calendar date such as 2026-12-31');

/** A DateTime argument: the scalar hands over an invalid Date for anything unparseable. */
export const instant = z
  .date({ error: 'an ISO 8601 date-time with a time zone, e.g. 2026-11-29T10:00:00Z' })
  .refine((d) => !Number.isNaN(d.getTime()), 'an ISO 8601 date-time with a time zone, e.g. 2026-11-29T10:00:00Z');
export const idOf = z.string().trim().min(1).max(200);

import { parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/max';
import type { InputIssue } from './parse.ts';

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

const reasons: Record<string, string> = {
  INVALID_COUNTRY: 'is a national number: include the country code (e.g. +44 20 7183 8750) or give phoneRegion',
  NOT_A_NUMBER: 'cannot be a phone number',
  TOO_SHORT: 'is too short to be a phone number',
  TOO_LONG: 'is too long to be a phone number',
  INVALID_LENGTH: 'has the wrong length for a phone number',
};

/**
 * Normalises a phone number in any common notation to E.164 with
 * libphonenumber's full metadata. A number without a country code is read
 * in `region` (ISO 3166 alpha-2); without a region it is refused. Numbers
 * that parse but cannot exist (wrong length, unassigned prefix) are refused.
 */
export function normalizePhone(input: string, region?: string | null): PhoneResult {
  try {
    const parsed = parsePhoneNumberWithError(input, region ? { defaultCountry: region as CountryCode } : {});
    if (!parsed.isValid()) return { ok: false, message: `"${input}" is not a valid phone number${parsed.country ? ` in ${parsed.country}` : ''}` };
    return { ok: true, e164: parsed.number };
  } catch (error) {
    const reason = error instanceof ParseError ? (reasons[error.message] ?? 'cannot be a phone number') : 'cannot be a phone number';
    return { ok: false, message: `"${input}" ${reason}` };
  }
}

/** Normalises several numbers, collecting an issue per bad one under `path`. */
export function normalizePhones(inputs: readonly string[], region: string | null | undefined, path: (i: number) => string, issues: InputIssue[]): string[] {
  return inputs.map((input, i) => {
    const result = normalizePhone(input, region);
    if (result.ok) return result.e164;
    issues.push({ path: path(i), message: result.message });
    return input;
  });
}

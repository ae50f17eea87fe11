import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** A call's two numbers as Voice reports them (E.164 or national notation). */
export interface CallNumbers {
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
}

const e164 = (input: string, region?: CountryCode): string | undefined => {
  const parsed = parsePhoneNumberFromString(input, region ? { defaultCountry: region } : {});
  return parsed?.isValid() ? parsed.number : undefined;
};

/**
 * The external party's number (`from` inbound, `to` outbound) in E.164, as
 * crm reads it for the timeline: a national number is read in the country
 * of our own line (the other number). Unreadable: the number as Voice wrote it.
 */
export function externalNumber(call: CallNumbers): string {
  const [external, own] = call.direction === 'inbound' ? [call.from, call.to] : [call.to, call.from];
  const direct = e164(external);
  if (direct) return direct;
  const region = parsePhoneNumberFromString(own)?.country;
  return (region && e164(external, region)) || external;
}

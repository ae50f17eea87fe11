/**
 * Free email providers: their domains say nothing about the company a
 * sender works for, so they are never matched to a company by domain
 * (contacts are still matched by their full address). Keep this list
 * maintained: add a provider here, with a test when it has a new shape.
 */
const exact = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'mail.com',
  'zoho.com',
  'zohomail.com',
  'ymail.com',
  'rocketmail.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'tuta.io',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'web.de',
  'comcast.net',
  'verizon.net',
  'att.net',
  'btinternet.com',
]);

/** Providers with a domain per country (yahoo.co.uk, hotmail.fr, gmx.de, yandex.ru…). */
const perCountry = new Set(['yahoo', 'hotmail', 'gmx', 'yandex', 'outlook', 'live', 'aol']);
// what follows the provider's name: a TLD, optionally under a second level (co.uk, com.br)
const countrySuffix = /^(?:[a-z]{2,3}|(?:co|com|net|org)\.[a-z]{2})$/;

/** Whether `domain` (lower case) belongs to a free email provider. */
export function isFreeEmailDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  if (exact.has(d)) return true;
  const dot = d.indexOf('.');
  return dot > 0 && perCountry.has(d.slice(0, dot)) && countrySuffix.test(d.slice(dot + 1));
}

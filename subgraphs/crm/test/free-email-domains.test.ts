import { describe, expect, it } from 'vitest';
import { isFreeEmailDomain } from '../src/features/m365/free-email-domains.ts';

describe('free email domains (never matched to a company)', () => {
  it.each([
    'gmail.com',
    'GoogleMail.com',
    'yahoo.com',
    'yahoo.co.uk',
    'yahoo.com.br',
    'hotmail.fr',
    'outlook.com',
    'live.com',
    'msn.com',
    'icloud.com',
    'me.com',
    'mac.com',
    'aol.com',
    'proton.me',
    'protonmail.com',
    'gmx.de',
    'gmx.net',
    'mail.com',
    'yandex.ru',
    'zoho.com',
  ])('%s is free', (domain) => expect(isFreeEmailDomain(domain)).toBe(true));
  it.each(['acmedental.com', 'yahoo-partners.com', 'mygmail.com', 'gmail.com.evil.example', 'mail.acme.com', 'livenation.com', 'outlook.acme.co.uk'])(
    '%s is a company’s',
    (domain) => expect(isFreeEmailDomain(domain)).toBe(false),
  );
});

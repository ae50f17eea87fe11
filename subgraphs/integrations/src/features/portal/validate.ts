import { badInput } from '@onegraph/errors';

/**
 * A custom domain as a portal can use it: a lower-case DNS hostname of at
 * least two labels (letters, digits, inner hyphens; 63 characters a label,
 * 253 in all) ending in an alphabetic top-level label. No scheme, port,
 * path or wildcard; an IP address is refused.
 */
export function normaliseDomain(value: string): string {
  const domain = value.trim().toLowerCase().replace(/\.$/, '');
  const labels = domain.split('.');
  const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  const ok = domain.length <= 253 && labels.length >= 2 && labels.every((l) => label.test(l)) && /^[a-z]{2,63}$/.test(labels[labels.length - 1]!);
  if (!ok) {
    throw badInput(`"${value}" is not a valid hostname for a custom domain (e.g. clients.yourmsp.com)`, {
      issues: [{ path: 'input.customDomain', message: 'a hostname such as clients.yourmsp.com: no scheme, port, path or wildcard' }],
    });
  }
  return domain;
}

export function normaliseBrandName(value: string): string {
  const name = value.trim();
  if (name.length < 1 || name.length > 100)
    throw badInput('The brand name must be 1 to 100 characters', { issues: [{ path: 'input.brandName', message: '1 to 100 characters' }] });
  return name;
}

export function normaliseBrandColor(value: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(value.trim()))
    throw badInput(`"${value}" is not a colour like #1A2B3C`, { issues: [{ path: 'input.brandColor', message: 'a hex colour like #1A2B3C' }] });
  return value.trim().toUpperCase();
}

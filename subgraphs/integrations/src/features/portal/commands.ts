import { codedError, ErrorCode } from '@onegraph/errors';
import { ProductCallError } from '@onegraph/onestack-clients';
import type { IntegrationsContext } from '../../context.ts';
import type { PortalSettingsInput } from '../../generated/resolvers-types.ts';
import { randomBytes } from 'node:crypto';
import { domainVerifiedElsewhere, portalSettingsByCompanyIds, savePortalSettings, type PortalSettingsRow } from './store.ts';
import { normaliseBrandColor, normaliseBrandName, normaliseDomain } from './validate.ts';

const domainTaken = (domain: string) =>
  codedError(ErrorCode.CONFLICT, `The domain ${domain} is already verified by another portal: choose another one`, {
    issues: [{ path: 'input.customDomain', message: 'already verified by another portal' }],
  });

/** The DNS name whose TXT record proves a custom domain. */
export const challengeNameOf = (domain: string) => `_onestack-challenge.${domain}`;

const changedMeanwhile = (companyId: string) =>
  codedError(ErrorCode.CONFLICT, `The portal settings of company ${companyId} changed meanwhile: read them again and reapply the change`);

/**
 * Validates a change of a company's portal settings, pushes the result to
 * Portal, then saves it: when Portal refuses or is unavailable nothing is
 * saved and the caller gets Portal's error. Portal is called outside the
 * transaction (a slow Portal must not hold the database); the save checks
 * that nobody changed the settings in between (CONFLICT: try again), and
 * Portal's idempotency key is the new version, so a retry pushes once.
 * The company must exist in the caller's organisation (NOT_FOUND otherwise,
 * as for another organisation's company): nobody can set up a portal, or
 * claim a domain, for a company that is not theirs.
 */
export async function updatePortalSettings(ctx: IntegrationsContext, companyId: string, input: PortalSettingsInput): Promise<PortalSettingsRow> {
  const portal = ctx.portal;
  if (!portal) throw new ProductCallError('portal', 'Portal is not connected (no PORTAL_API_URL configured)', { retryable: false });
  await ctx.companyExists(ctx.principal, companyId);
  const [current] = await portalSettingsByCompanyIds(ctx.db, ctx.org, [companyId]);
  const text = <T>(value: T | null | undefined, normalise: (v: T) => string, was: string | null) =>
    value === undefined ? was : value === null || value === '' ? null : normalise(value);
  const features = { pipeline: false, marketing: false, esign: false, quotes: false, invoices: false, ...current?.features };
  for (const [name, on] of Object.entries(input.features ?? {})) if (typeof on === 'boolean') features[name as keyof typeof features] = on;
  const customDomain = text(input.customDomain, normaliseDomain, current?.customDomain ?? null);
  // a new domain is only claimed: PENDING, with a fresh token to publish, until verifyPortalDomain proves it
  const sameDomain = customDomain !== null && customDomain === (current?.customDomain ?? null);
  const next = {
    companyId,
    features,
    brandName: text(input.brandName, normaliseBrandName, current?.brandName ?? null),
    brandColor: text(input.brandColor, normaliseBrandColor, current?.brandColor ?? null),
    customDomain,
    customDomainStatus: customDomain === null ? null : sameDomain ? (current?.customDomainStatus ?? 'PENDING') : ('PENDING' as const),
    customDomainToken:
      customDomain === null ? null : sameDomain && current?.customDomainToken ? current.customDomainToken : randomBytes(24).toString('base64url'),
    version: (current?.version ?? 0) + 1,
    updatedBy: ctx.principal.sub,
  };
  if (customDomain && (await domainVerifiedElsewhere(ctx.db, ctx.org, companyId, customDomain))) throw domainTaken(customDomain);
  return pushAndSave(ctx, current, next);
}

/**
 * Proves a company's PENDING custom domain by its DNS TXT record
 * (`_onestack-challenge.<domain>` holding the issued token), then pushes it
 * to Portal and saves it VERIFIED. Verified by another portal first:
 * CONFLICT, without saying whose.
 */
export async function verifyPortalDomain(ctx: IntegrationsContext, companyId: string): Promise<PortalSettingsRow> {
  const [current] = await portalSettingsByCompanyIds(ctx.db, ctx.org, [companyId]);
  if (!current?.customDomain || !current.customDomainToken) {
    throw codedError(ErrorCode.BAD_USER_INPUT, `Company ${companyId} has no custom domain to verify: set one with updatePortalSettings first`);
  }
  if (current.customDomainStatus === 'VERIFIED') return current;
  const domain = current.customDomain;
  const name = challengeNameOf(domain);
  let records: string[][];
  try {
    records = await ctx.dnsTxt(name);
  } catch (error) {
    throw codedError(ErrorCode.SERVICE_UNAVAILABLE, `The DNS lookup of ${name} failed (${(error as Error).message}): try again`);
  }
  if (!records.some((chunks) => chunks.join('') === current.customDomainToken)) {
    throw codedError(ErrorCode.BAD_USER_INPUT, `No TXT record ${name} holds this portal's token yet: publish it (customDomainChallenge) and try again`);
  }
  if (await domainVerifiedElsewhere(ctx.db, ctx.org, companyId, domain)) throw domainTaken(domain);
  return pushAndSave(ctx, current, { ...current, customDomainStatus: 'VERIFIED', version: current.version + 1, updatedBy: ctx.principal.sub });
}

type NextSettings = Omit<PortalSettingsRow, 'updatedAt' | 'syncedAt' | 'url'>;

/** Pushes settings to Portal (a domain only once verified), then saves them if nobody changed them meanwhile. */
async function pushAndSave(ctx: IntegrationsContext, current: PortalSettingsRow | undefined, next: NextSettings): Promise<PortalSettingsRow> {
  const portal = ctx.portal;
  if (!portal) throw new ProductCallError('portal', 'Portal is not connected (no PORTAL_API_URL configured)', { retryable: false });
  const { companyId, features } = next;
  const customDomain = next.customDomainStatus === 'VERIFIED' ? next.customDomain : null;
  const view = await portal.putPortal(
    ctx.org,
    { companyId, features, brandName: next.brandName, brandColor: next.brandColor, customDomain },
    `portal-settings:${companyId}:${next.version}`,
  );
  try {
    return await ctx.db.transaction(async (tx) => {
      const [now] = await portalSettingsByCompanyIds(tx, ctx.org, [companyId], true);
      if ((now?.version ?? 0) !== (current?.version ?? 0)) throw changedMeanwhile(companyId);
      return savePortalSettings(tx, ctx.org, { ...next, url: view.url }, new Date());
    });
  } catch (error) {
    const { code, constraint } = error as { code?: unknown; constraint?: unknown };
    if (code !== '23505') throw error;
    // two portals claiming the same domain at once: the unique index decides
    if (constraint === 'portal_settings_domain' && next.customDomain) throw domainTaken(next.customDomain);
    throw changedMeanwhile(companyId);
  }
}

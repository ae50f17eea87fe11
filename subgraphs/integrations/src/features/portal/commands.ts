import { codedError, ErrorCode } from '@onegraph/errors';
import { ProductCallError } from '@onegraph/onestack-clients';
import type { IntegrationsContext } from '../../context.ts';
import type { PortalSettingsInput } from '../../generated/resolvers-types.ts';
import { domainTakenElsewhere, portalSettingsByCompanyIds, savePortalSettings, type PortalSettingsRow } from './store.ts';
import { normaliseBrandColor, normaliseBrandName, normaliseDomain } from './validate.ts';

const domainTaken = (domain: string) =>
  codedError(ErrorCode.CONFLICT, `The domain ${domain} is already used by another portal: choose another one`, {
    issues: [{ path: 'input.customDomain', message: 'already used by another portal' }],
  });

const changedMeanwhile = (companyId: string) =>
  codedError(ErrorCode.CONFLICT, `The portal settings of company ${companyId} changed meanwhile: read them again and reapply the change`);

/**
 * Validates a change of a company's portal settings, pushes the result to
 * Portal, then saves it: when Portal refuses or is unavailable nothing is
 * saved and the caller gets Portal's error. Portal is called outside the
 * transaction (a slow Portal must not hold the database); the save checks
 * that nobody changed the settings in between (CONFLICT: try again), and
 * Portal's idempotency key is the new version, so a retry pushes once.
 */
export async function updatePortalSettings(ctx: IntegrationsContext, companyId: string, input: PortalSettingsInput): Promise<PortalSettingsRow> {
  const portal = ctx.portal;
  if (!portal) throw new ProductCallError('portal', 'Portal is not connected (no PORTAL_API_URL configured)', { retryable: false });
  const [current] = await portalSettingsByCompanyIds(ctx.db, ctx.org, [companyId]);
  const text = <T>(value: T | null | undefined, normalise: (v: T) => string, was: string | null) =>
    value === undefined ? was : value === null || value === '' ? null : normalise(value);
  const features = { pipeline: false, marketing: false, esign: false, quotes: false, invoices: false, ...current?.features };
  for (const [name, on] of Object.entries(input.features ?? {})) if (typeof on === 'boolean') features[name as keyof typeof features] = on;
  const customDomain = text(input.customDomain, normaliseDomain, current?.customDomain ?? null);
  const next = {
    companyId,
    features,
    brandName: text(input.brandName, normaliseBrandName, current?.brandName ?? null),
    brandColor: text(input.brandColor, normaliseBrandColor, current?.brandColor ?? null),
    customDomain,
    version: (current?.version ?? 0) + 1,
    updatedBy: ctx.principal.sub,
  };
  if (customDomain && (await domainTakenElsewhere(ctx.db, ctx.org, companyId, customDomain))) throw domainTaken(customDomain);

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
    if (constraint === 'portal_settings_domain' && customDomain) throw domainTaken(customDomain);
    throw changedMeanwhile(companyId);
  }
}

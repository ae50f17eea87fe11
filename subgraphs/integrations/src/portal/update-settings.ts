import { codedError, ErrorCode } from '@onegraph/errors';
import { ProductCallError, type PortalClient } from '@onegraph/onestack-clients';
import type { IntegrationsContext } from '../context.ts';
import type { PortalSettingsInput } from '../generated/resolvers-types.ts';
import { domainTakenElsewhere, portalSettingsByCompanyIds, savePortalSettings, type PortalSettingsRow } from '../store/portal.ts';
import { normaliseBrandColor, normaliseBrandName, normaliseDomain } from './validate.ts';

const domainTaken = (domain: string) =>
  codedError(ErrorCode.CONFLICT, `The domain ${domain} is already used by another portal: choose another one`, {
    issues: [{ path: 'input.customDomain', message: 'already used by another portal' }],
  });

/**
 * Saves a company's portal settings and pushes them to Portal in the same
 * transaction: when Portal refuses or is unavailable, nothing is saved and
 * the caller gets Portal's error. Portal's idempotency key is the settings'
 * version, so a retried push applies once.
 */
export async function updatePortalSettings(ctx: IntegrationsContext, companyId: string, input: PortalSettingsInput): Promise<PortalSettingsRow> {
  const portal: PortalClient | undefined = ctx.portal;
  if (!portal) throw new ProductCallError('portal', 'Portal is not connected (no PORTAL_API_URL configured)', { retryable: false });
  const text = <T>(value: T | null | undefined, normalise: (v: T) => string, current: string | null) =>
    value === undefined ? current : value === null || value === '' ? null : normalise(value);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [current] = await portalSettingsByCompanyIds(tx, ctx.org, [companyId], true);
      const features = { pipeline: false, marketing: false, esign: false, quotes: false, invoices: false, ...current?.features };
      for (const [name, on] of Object.entries(input.features ?? {})) if (typeof on === 'boolean') features[name as keyof typeof features] = on;
      const customDomain = text(input.customDomain, normaliseDomain, current?.customDomain ?? null);
      if (customDomain && (await domainTakenElsewhere(tx, ctx.org, companyId, customDomain))) throw domainTaken(customDomain);
      const next = {
        companyId,
        features,
        brandName: text(input.brandName, normaliseBrandName, current?.brandName ?? null),
        brandColor: text(input.brandColor, normaliseBrandColor, current?.brandColor ?? null),
        customDomain,
        version: (current?.version ?? 0) + 1,
        updatedBy: ctx.principal.sub,
      };
      const view = await portal.putPortal(
        ctx.org,
        { companyId, features, brandName: next.brandName, brandColor: next.brandColor, customDomain },
        `portal-settings:${companyId}:${next.version}`,
      );
      return savePortalSettings(tx, ctx.org, { ...next, url: view.url }, new Date());
    });
  } catch (error) {
    // two organisations claiming the same domain at once: the unique index decides
    if ((error as { code?: unknown }).code === '23505' && typeof input.customDomain === 'string') throw domainTaken(input.customDomain.trim().toLowerCase());
    throw error;
  }
}

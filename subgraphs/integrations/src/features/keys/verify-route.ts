import type { FastifyInstance } from 'fastify';
import type { InternalTokens } from '@onegraph/auth';
import type { Db } from '@onegraph/db';
import { ErrorCode, httpStatusOf } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';
import { portalSettingsByCompanyIds } from '../portal/store.ts';
import { verifyKey } from './store.ts';

/** Where the gateway verifies integration keys. */
export const VERIFY_PATH = '/internal/integration-keys/verify';

/** What a verified key maps to (the gateway's IntegrationPrincipal). */
export interface VerifiedIntegrationKey {
  keyId: string;
  org: string;
  product: string;
  scopes: string[];
  /** Seconds since the epoch; null when the key does not expire. */
  expiresAt: number | null;
  /**
   * When the call names a client company (`company`, Portal's
   * `X-Portal-Company`): that company's portal in the key's organisation and
   * the features it shows, or null when it has none there.
   */
  portal?: { companyId: string; features: string[] } | null;
}

const reasons = {
  malformed: 'Invalid integration key: expected ogk_<prefix>_<secret>',
  unknown: 'Invalid integration key',
  revoked: 'This integration key was revoked',
  expired: 'This integration key has expired',
} as const;

/**
 * `POST /internal/integration-keys/verify` `{ key }`: for the gateway only,
 * which authenticates with a short-lived service token (`Authorization:
 * Bearer`, signed with the internal token secret). 200 with the key's
 * organisation, product and scopes (and, for `{ key, company }`, that
 * company's portal and its features); 401 for anything else.
 */
export function registerVerifyRoute(app: FastifyInstance, db: Db, tokens: InternalTokens, log: Logger) {
  const refuse = (message: string) => ({ errors: [{ message, extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
  app.post<{ Body: { key?: unknown; company?: unknown } }>(VERIFY_PATH, async (request, reply) => {
    const authorization = request.headers.authorization;
    try {
      await tokens.verifyService(/^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]);
    } catch (error) {
      return reply.code(httpStatusOf[ErrorCode.UNAUTHENTICATED]).send(refuse((error as Error).message));
    }
    const key = request.body?.key;
    if (typeof key !== 'string')
      return reply
        .code(httpStatusOf[ErrorCode.BAD_USER_INPUT])
        .send({ errors: [{ message: 'Expected { key }', extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
    const result = await verifyKey(db, key);
    if (!result.ok) {
      // a refused known key is worth an admin's attention (a product still using a revoked or expired key)
      if (result.keyId) log.warn('integrations: refused integration key', { keyId: result.keyId, reason: result.reason });
      return reply.code(httpStatusOf[ErrorCode.UNAUTHENTICATED]).send(refuse(reasons[result.reason]));
    }
    const { row } = result;
    const company = request.body?.company;
    let portal: VerifiedIntegrationKey['portal'];
    if (typeof company === 'string') {
      const [settings] = await portalSettingsByCompanyIds(db, row.org_id, [company]);
      portal = settings
        ? {
            companyId: settings.companyId,
            features: Object.entries(settings.features)
              .filter(([, on]) => on)
              .map(([name]) => name),
          }
        : null;
    }
    const verified: VerifiedIntegrationKey = {
      keyId: row.id,
      org: row.org_id,
      product: row.product,
      scopes: row.scopes,
      expiresAt: row.expires_at ? Math.floor(row.expires_at.getTime() / 1000) : null,
      ...(portal !== undefined ? { portal } : {}),
    };
    return reply.code(200).send(verified);
  });
}

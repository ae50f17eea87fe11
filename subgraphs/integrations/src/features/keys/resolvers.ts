import { hasPermission, isPermission, MANAGE_INTEGRATION_KEYS, type UserPrincipal } from '@onegraph/auth';
import { badInput, codedError, ErrorCode, forbidden, notFound } from '@onegraph/errors';
import type { IntegrationsContext } from '../../context.ts';
import type { IntegrationKey, Resolvers } from '../../generated/resolvers-types.ts';
import { createKey, listKeys, revokeKey, rotateKey, statusOf, type IntegrationKeyRow } from './store.ts';

const MAX_OVERLAP_SECONDS = 7 * 24 * 3600;
const PRODUCT = /^[a-z][a-z0-9-]{1,30}$/;

/** Only a user with the permission (Owner, Admin) manages keys: never Jarvis, never a key itself. */
function requireKeyManager(ctx: IntegrationsContext): UserPrincipal {
  const p = ctx.principal;
  if (p.kind !== 'user' || !hasPermission(p, MANAGE_INTEGRATION_KEYS)) {
    throw forbidden('Managing integration keys needs the Owner or Admin role');
  }
  return p;
}

function toGraphql(row: IntegrationKeyRow): IntegrationKey {
  return {
    id: row.id,
    product: row.product,
    name: row.name,
    format: row.format === 'tos' ? 'TOS' : 'OGK',
    prefix: `${row.format}_${row.prefix}`,
    scopes: row.scopes,
    status: statusOf(row),
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    lastUsedAt: row.last_used_at,
    rotatedFromId: row.rotated_from,
    replacedById: row.replaced_by,
  };
}

function checkScopes(creator: UserPrincipal, scopes: readonly string[]): string[] {
  const normalised = [...new Set(scopes.map((s) => s.trim().toLowerCase()))];
  if (normalised.length === 0 || normalised.length > 50) throw badInput('A key needs 1 to 50 scopes', { field: 'scopes' });
  const malformed = normalised.filter((s) => !isPermission(s));
  if (malformed.length > 0) throw badInput(`Scopes must be permission strings like crm.companies.read: ${malformed.join(', ')}`, { field: 'scopes' });
  const beyond = normalised.filter((s) => !hasPermission(creator, s));
  if (beyond.length > 0) throw forbidden(`A key cannot get scopes beyond its creator's permissions: ${beyond.join(', ')}`);
  return normalised;
}

function parseExpiry(value: string | null | undefined): Date | null {
  if (value === undefined || value === null) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badInput('expiresAt must be an ISO 8601 date-time', { field: 'expiresAt' });
  if (date.getTime() <= Date.now()) throw badInput('expiresAt must be in the future', { field: 'expiresAt' });
  return date;
}

/** Query and Mutation fields managing integration keys (the "integrations" product settings). */
export const integrationKeyResolvers: Pick<Resolvers, 'Query' | 'Mutation'> = {
  Query: {
    integrationKeys: async (_, __, ctx) => {
      requireKeyManager(ctx);
      return (await listKeys(ctx.db, ctx.org)).map(toGraphql);
    },
  },
  Mutation: {
    createIntegrationKey: async (_, { input }, ctx) => {
      const creator = requireKeyManager(ctx);
      const product = input.product.trim().toLowerCase();
      if (!PRODUCT.test(product)) throw badInput('product must be a lower-case product slug such as psa', { field: 'product' });
      const name = input.name.trim();
      if (name.length < 1 || name.length > 100) throw badInput('name must have 1 to 100 characters', { field: 'name' });
      const { row, plaintext } = await createKey(ctx.db, {
        org: ctx.org,
        product,
        name,
        scopes: checkScopes(creator, input.scopes),
        expiresAt: parseExpiry(input.expiresAt),
        createdBy: creator.sub,
        format: input.format === 'TOS' ? 'tos' : 'ogk',
      });
      ctx.log.info('integrations: integration key created', { org: ctx.org, keyId: row.id, product, by: creator.sub });
      return { key: toGraphql(row), plaintext };
    },
    rotateIntegrationKey: async (_, { id, overlapSeconds }, ctx) => {
      const actor = requireKeyManager(ctx);
      const overlap = overlapSeconds ?? 3600;
      if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_OVERLAP_SECONDS) {
        throw badInput(`overlapSeconds must be 0 to ${MAX_OVERLAP_SECONDS}`, { field: 'overlapSeconds' });
      }
      const result = await rotateKey(ctx.db, ctx.org, id, overlap, actor.sub);
      if (!result.ok) {
        if (result.reason === 'not-found') throw notFound('Integration key', id);
        throw codedError(ErrorCode.CONFLICT, `Integration key ${id} cannot be rotated: it is ${result.reason.replace('-', ' ')}`, {
          id,
          reason: result.reason,
        });
      }
      ctx.log.info('integrations: integration key rotated', { org: ctx.org, keyId: id, newKeyId: result.row.id, overlapSeconds: overlap, by: actor.sub });
      return { key: toGraphql(result.row), plaintext: result.plaintext };
    },
    revokeIntegrationKey: async (_, { id }, ctx) => {
      const actor = requireKeyManager(ctx);
      const row = await revokeKey(ctx.db, ctx.org, id, actor.sub);
      if (!row) throw notFound('Integration key', id);
      ctx.log.info('integrations: integration key revoked', { org: ctx.org, keyId: id, by: actor.sub });
      return toGraphql(row);
    },
  },
};

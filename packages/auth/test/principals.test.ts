import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  createHubTokenVerifier,
  createInternalTokens,
  createJarvisTokens,
  DEV_AUDIENCE,
  DEV_ISSUER,
  hasPermission,
  loadDevKeys,
  looksLikeJarvisToken,
  MANAGE_INTEGRATION_KEYS,
  parsePermissions,
  permissionMatches,
  roles,
  type IntegrationPrincipal,
  type JarvisPrincipal,
  type Principal,
  type UserPrincipal,
} from '@onegraph/auth';

const secret = randomBytes(32).toString('hex');
const user: UserPrincipal = { kind: 'user', sub: 'u1', org: 'demo', role: 'Admin', products: ['crm'], expiresAt: 2_000_000_000 };
const jarvis: JarvisPrincipal = {
  kind: 'jarvis',
  actor: 'jarvis',
  readOnly: true,
  sub: 'u1',
  org: 'demo',
  role: 'Member',
  products: ['crm'],
  permissions: ['crm.*'],
};
const integration: IntegrationPrincipal = {
  kind: 'integration',
  sub: 'integration:ikey_1',
  keyId: 'ikey_1',
  org: 'demo',
  product: 'psa',
  scopes: ['crm.companies.read', 'crm.deals.*'],
  expiresAt: 1_900_000_000,
};

describe('principals', () => {
  it('internal tokens carry every kind of principal faithfully', async () => {
    const tokens = createInternalTokens(secret);
    for (const principal of [user, { ...user, permissions: ['crm.companies.read'] }, jarvis, integration] satisfies Principal[]) {
      expect(await tokens.verify(await tokens.sign(principal))).toEqual(principal);
    }
  });

  it('internal tokens verified once are accepted again until they expire, and only byte for byte', async () => {
    const tokens = createInternalTokens(secret);
    const token = await tokens.sign(user);
    expect(await tokens.verify(token)).toEqual(user);
    expect(await tokens.verify(token)).toEqual(user);
    // another signature over the same claims, a changed claim, a token of another secret: refused though a sibling was accepted
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, org: 'another-org' })).toString('base64url');
    for (const forged of [
      `${header}.${payload}.${flipped}`,
      `${header}.${promoted}.${signature}`,
      await createInternalTokens(randomBytes(32).toString('hex')).sign(user),
    ]) {
      await expect(tokens.verify(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
    // at its expiry (60 s), the cached verdict is gone with it
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      await expect(tokens.verify(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('service tokens and identity tokens are not interchangeable', async () => {
    const tokens = createInternalTokens(secret);
    expect(await tokens.verifyService(await tokens.signService('gateway'))).toBe('gateway');
    await expect(tokens.verifyService(await tokens.sign(user))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(tokens.verify(await tokens.signService('gateway'))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(createInternalTokens(randomBytes(32).toString('hex')).verifyService(await tokens.signService('gateway'))).rejects.toThrow();
  });

  it('matches permission patterns with wildcards', () => {
    expect(permissionMatches('*', 'crm.contacts.delete')).toBe(true);
    expect(permissionMatches('crm.*', 'crm.contacts.delete')).toBe(true);
    expect(permissionMatches('crm.*.read', 'crm.contacts.read')).toBe(true);
    expect(permissionMatches('crm.*.read', 'crm.contacts.write')).toBe(false);
    expect(permissionMatches('crm.deals.*', 'crm.contacts.read')).toBe(false);
    expect(permissionMatches('crm.*', 'crm')).toBe(false);
    expect(permissionMatches('crm.contacts.read', 'crm.contacts.read')).toBe(true);
  });

  it('checks each kind by its own rule: role (narrowed by granular permissions), Jarvis read-only, integration scopes only', () => {
    const as = (role: UserPrincipal['role'], permissions?: string[]): UserPrincipal => ({ ...user, role, ...(permissions ? { permissions } : {}) });
    expect(roles.filter((r) => hasPermission(as(r), 'crm.contacts.write'))).toEqual(['Owner', 'Admin', 'Member']);
    expect(roles.filter((r) => hasPermission(as(r), 'crm.contacts.read'))).toEqual(['Owner', 'Admin', 'Member', 'Viewer']);
    expect(roles.filter((r) => hasPermission(as(r), MANAGE_INTEGRATION_KEYS))).toEqual(['Owner', 'Admin']);
    // granular permissions narrow, and never widen beyond the role's ceiling
    expect(hasPermission(as('Member', ['crm.contacts.read']), 'crm.deals.read')).toBe(false);
    expect(hasPermission(as('Viewer', ['*']), 'crm.contacts.write')).toBe(false);

    expect(hasPermission(jarvis, 'crm.contacts.read')).toBe(true);
    expect(hasPermission(jarvis, 'crm.contacts.write')).toBe(false);
    expect(hasPermission({ ...jarvis, role: 'Owner', permissions: ['*'] }, MANAGE_INTEGRATION_KEYS)).toBe(false);

    expect(hasPermission(integration, 'crm.companies.read')).toBe(true);
    expect(hasPermission(integration, 'crm.deals.write')).toBe(true);
    expect(hasPermission(integration, 'crm.contacts.read')).toBe(false);
    expect(hasPermission(integration, MANAGE_INTEGRATION_KEYS)).toBe(false);
  });

  it('parses Hub’s granular permissions claim, dropping malformed entries', async () => {
    expect(parsePermissions(undefined)).toBeUndefined();
    expect(parsePermissions(['crm.contacts.read', 'crm.*', 'bad permission', 42, 'CRM.Deals.Read'])).toEqual(['crm.contacts.read', 'crm.*', 'crm.deals.read']);
    expect(parsePermissions('crm.contacts.read crm.deals.read')).toEqual(['crm.contacts.read', 'crm.deals.read']);

    const keys = await loadDevKeys();
    const verify = createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
    const principal = await verify(await keys.issueToken({ org: 'demo', role: 'Member', permissions: ['crm.contacts.read'] }));
    expect(principal).toMatchObject({ kind: 'user', org: 'demo', role: 'Member', permissions: ['crm.contacts.read'] });
    expect(principal.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(hasPermission(principal, 'crm.deals.read')).toBe(false);
  });

  it('delegated Jarvis tokens: the user’s identity, read-only, never beyond the user’s expiry', async () => {
    const jarvisTokens = createJarvisTokens(secret);
    const now = Math.floor(Date.now() / 1000);
    const issued = await jarvisTokens.issue({ ...user, expiresAt: now + 3600 }, { ttlSeconds: 300 });
    expect(issued.expiresAt).toBe(now + 300);
    expect(looksLikeJarvisToken(issued.token)).toBe(true);
    expect(await jarvisTokens.verify(issued.token)).toEqual({
      kind: 'jarvis',
      actor: 'jarvis',
      readOnly: true,
      sub: 'u1',
      org: 'demo',
      role: 'Admin',
      products: ['crm'],
      expiresAt: now + 300,
    });
    const capped = await jarvisTokens.issue({ ...user, expiresAt: now + 60 });
    expect(capped.expiresAt).toBe(now + 60);

    const expired = await jarvisTokens.issue({ ...user, expiresAt: now - 60 });
    await expect(jarvisTokens.verify(expired.token)).rejects.toMatchObject({
      message: expect.stringMatching(/expired/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    // another secret, or an internal token presented as a delegated one, is refused
    await expect(createJarvisTokens(randomBytes(32).toString('hex')).verify(issued.token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const internal = await createInternalTokens(secret).sign(user);
    expect(looksLikeJarvisToken(internal)).toBe(false);
    await expect(jarvisTokens.verify(internal)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

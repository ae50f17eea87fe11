import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createHubTokenVerifier, DEV_AUDIENCE, DEV_ISSUER, devTokenPayload, loadDevKeys } from '@onegraph/auth';

/** Hub's token as its documentation describes it, mapped to a user principal. */
describe('Hub token claims', async () => {
  const keys = await loadDevKeys();
  // a second key in the same set, for payloads shaped by hand
  const hub = await generateKeyPair('ES256');
  const hubJwk = { ...(await exportJWK(hub.publicKey)), kid: 'hub-test', alg: 'ES256' };
  const verify = createHubTokenVerifier({ jwks: { keys: [...keys.jwks.keys, hubJwk] }, issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
  /** Signs any payload as Hub signs its tokens. */
  const sign = (payload: Record<string, unknown>) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'ES256', kid: 'hub-test' })
      .setSubject('hub-user')
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(hub.privateKey);

  it('development tokens carry Hub’s claim names', () => {
    expect(devTokenPayload({ org: 'demo', role: 'Admin', sub: 'u1' })).toMatchObject({
      tenantId: 'demo',
      tenantSlug: 'demo',
      orgRole: 'admin',
      entitlements: ['crm'],
      email: 'u1@demo.example',
    });
    expect(devTokenPayload({ org: 'demo', role: 'Admin', claimNames: 'short' })).toEqual({ org: 'demo', role: 'Admin', products: ['crm'] });
  });

  it('maps Hub’s tenantId, orgRole (lower-case) and entitlements; the short names still work', async () => {
    expect(await verify(await keys.issueToken({ org: 'demo', role: 'Viewer', sub: 'hub-1' }))).toMatchObject({
      kind: 'user',
      sub: 'hub-1',
      org: 'demo',
      role: 'Viewer',
      products: ['crm'],
    });
    expect(await verify(await keys.issueToken({ org: 'demo-2', role: 'Owner', claimNames: 'short' }))).toMatchObject({ org: 'demo-2', role: 'Owner' });
    expect(await verify(await sign({ tenantId: 'demo', orgRole: 'member', entitlements: ['psa', 'crm', 'books'] }))).toMatchObject({
      products: ['psa', 'crm', 'books'],
    });
  });

  it('refuses a token whose entitlements lack crm, or that carries no entitlements at all', async () => {
    await expect(verify(await keys.issueToken({ org: 'demo', role: 'Owner', products: ['psa'] }))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(verify(await keys.issueToken({ org: 'demo', role: 'Owner', products: [] }))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(verify(await keys.issueToken({ org: 'demo', role: 'Owner', products: null }))).rejects.toMatchObject({
      message: expect.stringMatching(/no entitlements/),
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(verify(await sign({ tenantId: 'demo', orgRole: 'owner', entitlements: 'crm' }))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a token whose Hub and short claims disagree', async () => {
    for (const payload of [
      { tenantId: 'demo', org: 'demo-2', orgRole: 'member', entitlements: ['crm'] },
      { tenantId: 'demo', orgRole: 'viewer', role: 'Owner', entitlements: ['crm'] },
      { tenantId: 'demo', orgRole: 'member', entitlements: ['psa'], products: ['crm'] },
    ]) {
      await expect(verify(await sign(payload))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
    // the same value under both names is one claim
    expect(await verify(await sign({ tenantId: 'demo', org: 'demo', orgRole: 'member', entitlements: ['crm'] }))).toMatchObject({ org: 'demo' });
  });

  it('refuses a token without an organisation or a known role', async () => {
    await expect(verify(await sign({ orgRole: 'member', entitlements: ['crm'] }))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(verify(await sign({ tenantId: 'demo', orgRole: 'superuser', entitlements: ['crm'] }))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

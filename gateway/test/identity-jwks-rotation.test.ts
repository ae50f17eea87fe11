import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubTokenVerifier, createInternalTokens } from '@onegraph/auth';
import { createGateway, type Gateway } from '@onegraph/gateway';
import { close, listen } from '@onegraph/http';
import { graphqlRequest } from '@onegraph/testing';
import { composeProducts, startProductSubgraphs } from './fixtures.ts';

const ISSUER = 'https://hub.example.test';
const AUDIENCE = 'onegraph';
const QUERY = '{ products { upc } }';
const CACHE_MAX_AGE_MS = 1_000;

interface HubKey {
  kid: string;
  alg: 'ES256' | 'RS256';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function hubKey(kid: string, alg: 'ES256' | 'RS256'): Promise<HubKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const sign = (key: HubKey, claims: Record<string, unknown> = {}) =>
  new SignJWT({ org: 'demo', role: 'Member', products: ['crm'], ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setSubject('user-1')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key.privateKey);

describe('Hub JWKS: cached, and rotated without a restart', () => {
  let subgraphs: Awaited<ReturnType<typeof startProductSubgraphs>>;
  let jwksServer: Server;
  let gateway: Gateway;
  let url: string;
  // what "Hub" publishes right now, and how often the gateway fetched it
  let published: HubKey[] = [];
  let fetches = 0;

  beforeAll(async () => {
    subgraphs = await startProductSubgraphs();
    jwksServer = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published.map((k) => k.publicJwk) }));
    });
    const jwksUrl = `${await listen(jwksServer)}/.well-known/jwks.json`;
    gateway = await createGateway({
      supergraph: { sdl: composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }) },
      auth: {
        mode: 'hub',
        // a short cache max age for the test; no cooldown, so each unknown kid refetches
        verify: createHubTokenVerifier({ jwks: new URL(jwksUrl), issuer: ISSUER, audience: AUDIENCE, jwksCacheMaxAgeMs: CACHE_MAX_AGE_MS, jwksCooldownMs: 0 }),
      },
      internalTokens: createInternalTokens(randomBytes(32).toString('hex')),
      rateLimit: false,
    });
    url = `${await gateway.listen()}/graphql`;
  });
  afterAll(async () => {
    await gateway?.close();
    if (jwksServer) await close(jwksServer);
    await subgraphs?.stop();
  });

  it('verifies with the cached key set, picks up a new key at its first token, and drops a removed key after the cache max age', async () => {
    const oldKey = await hubKey('hub-2026-01', 'ES256');
    const newKey = await hubKey('hub-2026-02', 'ES256');
    published = [oldKey];

    const oldToken = await sign(oldKey);
    expect((await graphqlRequest(url, QUERY, {}, oldToken)).status).toBe(200);
    expect((await graphqlRequest(url, QUERY, {}, oldToken)).status).toBe(200);
    expect(fetches).toBe(1); // cached, not fetched per request

    // Hub rotates: it publishes the new key next to the old one and signs with the new one
    published = [newKey, oldKey];
    const newToken = await sign(newKey);
    const afterRotation = await graphqlRequest(url, QUERY, {}, newToken);
    expect(afterRotation.status).toBe(200);
    expect(afterRotation.body.data).toEqual({ products: [{ upc: '1' }, { upc: '2' }] });
    expect(fetches).toBe(2); // the unknown kid triggered one refetch
    expect((await graphqlRequest(url, QUERY, {}, oldToken)).status).toBe(200); // both valid during the overlap

    // Hub removes the old key: its tokens keep verifying from the cache, then fail once the cache is older than its max age
    published = [newKey];
    const removedAt = Date.now();
    await expect.poll(async () => (await graphqlRequest(url, QUERY, {}, oldToken)).status, { timeout: CACHE_MAX_AGE_MS + 5_000, interval: 100 }).toBe(401);
    expect(Date.now() - removedAt).toBeLessThan(CACHE_MAX_AGE_MS + 5_000);
    const refused = await graphqlRequest(url, QUERY, {}, oldToken);
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect((await graphqlRequest(url, QUERY, {}, newToken)).status).toBe(200);
  });

  it('accepts RS256 keys as well, and refuses tokens of a key Hub never published', async () => {
    const rsa = await hubKey('hub-rsa-1', 'RS256');
    const stranger = await hubKey('not-hub', 'ES256');
    published = [...published, rsa];
    expect((await graphqlRequest(url, QUERY, {}, await sign(rsa))).status).toBe(200);
    const forged = await graphqlRequest(url, QUERY, {}, await sign(stranger));
    expect(forged.status).toBe(401);
    expect(forged.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('narrows a user to Hub’s granular permissions claim', async () => {
    const key = published[0]!;
    const verify = createHubTokenVerifier({ jwks: { keys: [key.publicJwk] }, issuer: ISSUER, audience: AUDIENCE });
    const principal = await verify(await sign(key, { permissions: ['crm.contacts.read', 'crm.deals.*'] }));
    expect(principal).toMatchObject({ kind: 'user', org: 'demo', role: 'Member', permissions: ['crm.contacts.read', 'crm.deals.*'] });
  });
});

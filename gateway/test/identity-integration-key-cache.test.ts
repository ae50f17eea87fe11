import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInternalTokens, generateIntegrationKey } from '@onegraph/auth';
import { close, listen } from '@onegraph/http';
import { createIntegrationKeyVerifier } from '../src/onestack/integration-key-verifier.ts';

/**
 * The gateway's integration key verifier against a stand-in for the
 * integrations subgraph's endpoint: what it caches, for how long, and what
 * it never trusts.
 */
describe('integration key verification cache', () => {
  const tokens = createInternalTokens(randomBytes(32).toString('hex'));
  const valid = generateIntegrationKey();
  const expiring = generateIntegrationKey();
  let server: Server;
  let base: string;
  let calls = 0;
  let revoked = false;
  let down = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        void (async () => {
          calls++;
          if (down) return res.writeHead(500).end();
          await tokens.verifyService(req.headers.authorization?.slice('Bearer '.length)).then(
            () => {
              const { key } = JSON.parse(text) as { key: string };
              const ok = (key === valid.plaintext && !revoked) || key === expiring.plaintext;
              if (!ok)
                return res
                  .writeHead(401, { 'content-type': 'application/json' })
                  .end(JSON.stringify({ errors: [{ message: 'This integration key was revoked' }] }));
              const expiresAt = key === expiring.plaintext ? Math.floor(Date.now() / 1000) + 1 : null;
              res
                .writeHead(200, { 'content-type': 'application/json' })
                .end(JSON.stringify({ keyId: 'ikey_1', org: 'demo', product: 'psa', scopes: ['crm.companies.read'], expiresAt }));
            },
            () => res.writeHead(401).end('{}'),
          );
        })();
      });
    });
    base = `${await listen(server)}/graphql`;
  });
  afterAll(async () => {
    if (server) await close(server);
  });

  it('asks once for many concurrent requests, trusts the answer for the TTL, then asks again', async () => {
    const verify = createIntegrationKeyVerifier(() => base, tokens, { cacheTtlMs: 200, negativeCacheTtlMs: 200 });
    calls = 0;
    const principals = await Promise.all(Array.from({ length: 20 }, () => verify(valid.plaintext)));
    expect(calls).toBe(1);
    expect(principals[0]).toEqual({
      kind: 'integration',
      sub: 'integration:ikey_1',
      keyId: 'ikey_1',
      org: 'demo',
      product: 'psa',
      scopes: ['crm.companies.read'],
    });
    await verify(valid.plaintext);
    expect(calls).toBe(1);

    revoked = true;
    await expect
      .poll(
        () =>
          verify(valid.plaintext).then(
            () => 'accepted',
            (e: Error) => e.message,
          ),
        { timeout: 2_000, interval: 20 },
      )
      .toMatch(/revoked/);
    // the refusal is cached too: a flood of a revoked key costs one call per TTL
    const before = calls;
    await Promise.all(Array.from({ length: 10 }, () => verify(valid.plaintext).catch(() => {})));
    expect(calls).toBe(before);
    revoked = false;
  });

  it('never trusts a key past its expiry, refuses malformed keys without asking, and does not cache an unreachable verifier', async () => {
    const verify = createIntegrationKeyVerifier(() => base, tokens, { cacheTtlMs: 60_000 });
    const principal = await verify(expiring.plaintext);
    // cached until its expiry (1 s away), not for the 60 s TTL
    calls = 0;
    await expect.poll(async () => (await verify(expiring.plaintext), calls), { timeout: 3_000, interval: 50 }).toBeGreaterThan(0);
    expect(principal.expiresAt).toBeGreaterThan(0);

    calls = 0;
    await expect(verify('ogk_nope')).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(calls).toBe(0);

    down = true;
    const other = createIntegrationKeyVerifier(() => base, tokens);
    await expect(other(valid.plaintext)).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    down = false;
    await expect(other(valid.plaintext)).resolves.toMatchObject({ org: 'demo' });

    const noSubgraph = createIntegrationKeyVerifier(() => undefined, tokens);
    await expect(noSubgraph(valid.plaintext)).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });
});

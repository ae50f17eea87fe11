import { decodeJwt } from 'jose';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import { CREDENTIALS_EXPIRED_CLOSE_CODE, RENEWAL_FORBIDDEN_CLOSE_CODE } from '@onegraph/gateway';
import type { Stack } from '@onegraph/stack';
import { graphqlRequest, TestSubscription, wsClient } from '@onegraph/testing';
import { ticketEvent } from './helpers.ts';
import { useStack } from './fixture.ts';

const LIVE = `subscription($companyId: ID!) { companyActivity(companyId: $companyId) { id summary } }`;

/** A subscription on a fresh connection, with the connection's close event awaitable. */
async function connect(url: string, credential: string | { connectionParams: Record<string, unknown> }, query = LIVE) {
  const client = wsClient(url, credential);
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) => {
    client.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason, at: Date.now() });
    });
  });
  const socket = await new Promise<WebSocket>((resolve, reject) => {
    client.on('connected', (connected) => resolve(connected as WebSocket));
    void closed.then((e) => reject(new Error(`closed before connecting: ${e.code}`)));
  });
  /** Sends a renewal (a graphql-ws ping carrying a token) and resolves on the gateway's pong, its acknowledgement. */
  const renew = (token: string) =>
    new Promise<void>((resolve) => {
      const off = client.on('pong', () => {
        off();
        resolve();
      });
      socket.send(JSON.stringify({ type: 'ping', payload: { authorization: `Bearer ${token}` } }));
    });
  return { client, closed, renew, subscription: new TestSubscription(client, query, { companyId: 'cmp_acme' }) };
}

/**
 * Publishes a PSA ticket on Acme until the subscription got one: a
 * subscription starts at the latest event once it is registered, which
 * happens a little after the subscribe message was sent.
 */
/** An integration key of demo's with these scopes (created by an Admin through the graph). */
async function createKey(stack: Stack, scopes: string[]) {
  const created = await graphqlRequest<{ createIntegrationKey: { plaintext: string; key: { id: string } } }>(
    stack.urls.graphql,
    `mutation($scopes: [String!]!) { createIntegrationKey(input: { product: "psa", name: "PSA live", scopes: $scopes }) { plaintext key { id } } }`,
    { scopes },
    await stack.token('demo', 'Admin'),
  );
  return created.body.data!.createIntegrationKey;
}

/** The codes a refused subscription was answered with. */
const refusal = (subscription: TestSubscription) => (subscription.error as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code);

async function deliverOne(stack: Stack, subscription: TestSubscription, summary: string) {
  await expect
    .poll(
      async () => {
        await stack.bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_acme', summary }));
        await subscription.waitFor(1, 1_000).catch(() => {});
        return subscription.messages.length;
      },
      { timeout: 20_000, interval: 0 },
    )
    .toBeGreaterThan(0);
  return subscription.messages[0]!;
}

describe('subscriptions end when their credentials expire or are revoked', () => {
  const stack = useStack({ identity: { connectionRecheckMs: 300, integrationKeyCacheMs: 300 } });

  it('closes a connection with 4401 when its token expires, while one with a valid token keeps receiving events', async () => {
    const shortToken = await stack.keys.issueToken({ org: 'demo', role: 'Member', sub: 'short-lived', expiresIn: '2s' });
    const exp = decodeJwt(shortToken).exp! * 1000;
    const short = await connect(stack.urls.graphql, shortToken);
    const long = await connect(stack.urls.graphql, await stack.token('demo'));

    const closed = await short.closed;
    expect(closed.code).toBe(CREDENTIALS_EXPIRED_CLOSE_CODE);
    expect(closed.reason).toMatch(/expired/);
    expect(closed.at).toBeGreaterThanOrEqual(exp - 50);
    await short.subscription.ended();
    expect(short.subscription.error).toBeDefined();

    // the other connection was not touched
    const message = await deliverOne(stack, long.subscription, 'after the other expired');
    expect(message.data).toMatchObject({ companyActivity: { summary: expect.stringContaining('after the other expired') } });
    expect(long.subscription.error).toBeUndefined();
    await long.client.dispose();
  });

  it('renews a connection in band: a ping carrying a fresh token keeps it open, and receiving, past the first token’s expiry', async () => {
    const firstToken = await stack.keys.issueToken({ org: 'demo', role: 'Member', sub: 'renewing-user', expiresIn: '2s' });
    const renewing = await connect(stack.urls.graphql, firstToken);
    // a connection that is not renewed, whose token expires no earlier: its close marks the first token's expiry as past
    const control = await connect(stack.urls.graphql, await stack.keys.issueToken({ org: 'demo', role: 'Member', sub: 'renewing-user', expiresIn: '2s' }));
    await renewing.renew(await stack.keys.issueToken({ org: 'demo', role: 'Member', sub: 'renewing-user', expiresIn: '1h' }));

    expect((await control.closed).code).toBe(CREDENTIALS_EXPIRED_CLOSE_CODE);
    expect(Date.now()).toBeGreaterThanOrEqual(decodeJwt(firstToken).exp! * 1000);
    const message = await deliverOne(stack, renewing.subscription, 'after the first token expired');
    expect(message.data).toMatchObject({ companyActivity: { summary: expect.stringContaining('after the first token expired') } });
    expect(renewing.subscription.error).toBeUndefined();
    await renewing.client.dispose();
  });

  it('closes a connection whose renewal is another identity (4403), or does not verify (4401)', async () => {
    const user = await connect(stack.urls.graphql, await stack.token('demo', 'Member', 'renewal-user'));
    void user.renew(await stack.token('demo-2', 'Member', 'renewal-user'));
    expect(await user.closed).toMatchObject({ code: RENEWAL_FORBIDDEN_CLOSE_CODE, reason: expect.stringMatching(/identity/) });

    // the same user with another role is another set of rights: a new connection checks every subscription again
    const promoted = await connect(stack.urls.graphql, await stack.token('demo', 'Member', 'renewal-user'));
    void promoted.renew(await stack.token('demo', 'Admin', 'renewal-user'));
    expect((await promoted.closed).code).toBe(RENEWAL_FORBIDDEN_CLOSE_CODE);

    const forged = await connect(stack.urls.graphql, await stack.token('demo', 'Member', 'renewal-user'));
    void forged.renew('not.a.token');
    expect(await forged.closed).toMatchObject({ code: CREDENTIALS_EXPIRED_CLOSE_CODE, reason: expect.stringMatching(/do not verify/) });
  });

  it('closes a connection authenticated with an integration key soon after the key is revoked', async () => {
    const admin = await stack.token('demo', 'Admin');
    const { plaintext, key } = await createKey(stack, ['crm.companies.read', 'crm.activities.read']);
    const live = await connect(stack.urls.graphql, plaintext);
    // the subscription is accepted (its guard query ran as the key)
    await deliverOne(stack, live.subscription, 'for the key');

    await graphqlRequest(stack.urls.graphql, `mutation($id: ID!) { revokeIntegrationKey(id: $id) { id } }`, { id: key.id }, admin);
    const revokedAt = Date.now();
    const closed = await live.closed;
    expect(closed.code).toBe(CREDENTIALS_EXPIRED_CLOSE_CODE);
    // within the recheck interval plus the verification cache
    expect(closed.at - revokedAt).toBeLessThan(3_000);
  });

  it('refuses to open a connection with an expired token', async () => {
    const expired = await stack.keys.issueToken({ org: 'demo', role: 'Member', expiresIn: '-1m' });
    await expect(connect(stack.urls.graphql, expired)).rejects.toThrow(/closed before connecting: 4403/);
  });

  it('accepts a product’s integration key in connectionParams (x-integration-key), as over HTTP', async () => {
    const { plaintext } = await createKey(stack, ['crm.companies.read', 'crm.activities.read']);
    const live = await connect(stack.urls.graphql, { connectionParams: { 'x-integration-key': plaintext } });
    const message = await deliverOne(stack, live.subscription, 'for the key in connectionParams');
    expect(message.data).toMatchObject({ companyActivity: { summary: expect.stringContaining('for the key in connectionParams') } });
    await live.client.dispose();
  });

  it('refuses at subscribe time, with FORBIDDEN, a caller without the field’s permission (not event by event)', async () => {
    // the key may read the company (the subscription's guard) but not its activities (the field)
    const { plaintext } = await createKey(stack, ['crm.companies.read']);
    const refused = await connect(stack.urls.graphql, { connectionParams: { 'x-integration-key': plaintext } });
    await refused.subscription.ended();
    expect(refusal(refused.subscription)).toEqual(['FORBIDDEN']);
    expect((refused.subscription.error as { message: string }[])[0]!.message).toMatch(/companyActivity needs the permission crm\.activities\.read/);
    await refused.client.dispose();
  });

  it('holds a subscription to the caller’s operation limits, as over HTTP', async () => {
    // 31 aliases: over a user's 30
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: id`).join(' ');
    const tooMany = await connect(
      stack.urls.graphql,
      await stack.token('demo'),
      `subscription($companyId: ID!) { companyActivity(companyId: $companyId) { ${aliases} } }`,
    );
    await tooMany.subscription.ended();
    expect(refusal(tooMany.subscription)).toEqual(['BAD_USER_INPUT']);
    expect((tooMany.subscription.error as { message: string }[])[0]!.message).toMatch(/aliases/i);
    await tooMany.client.dispose();
  });
});

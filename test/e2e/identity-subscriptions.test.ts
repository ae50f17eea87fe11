import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import { CREDENTIALS_EXPIRED_CLOSE_CODE } from '@onegraph/gateway';
import { startStack, type Stack } from '@onegraph/stack';
import { graphqlRequest, TestSubscription, wsClient } from '@onegraph/testing';
import { testKafkaBus, ticketEvent } from './helpers.ts';

const LIVE = `subscription($companyId: ID!) { companyActivity(companyId: $companyId) { id summary } }`;

/** A subscription on a fresh connection, with the connection's close event awaitable. */
async function connect(url: string, credential: string) {
  const client = wsClient(url, credential);
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) => {
    client.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason, at: Date.now() });
    });
  });
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    void closed.then((e) => reject(new Error(`closed before connecting: ${e.code}`)));
  });
  return { client, closed, subscription: new TestSubscription(client, LIVE, { companyId: 'cmp_acme' }) };
}

/**
 * Publishes a PSA ticket on Acme until the subscription got one: a
 * subscription starts at the latest event once it is registered, which
 * happens a little after the subscribe message was sent.
 */
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
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ bus: testKafkaBus(), identity: { connectionRecheckMs: 300, integrationKeyCacheMs: 300 } });
  });
  afterAll(async () => {
    await stack?.close();
    await stack?.bus.close();
  });

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

    // renewal is a new connection with a new token; the other connection was not touched
    const message = await deliverOne(stack, long.subscription, 'after the other expired');
    expect(message.data).toMatchObject({ companyActivity: { summary: expect.stringContaining('after the other expired') } });
    expect(long.subscription.error).toBeUndefined();
    await long.client.dispose();
  });

  it('closes a connection authenticated with an integration key soon after the key is revoked', async () => {
    const admin = await stack.token('demo', 'Admin');
    const created = await graphqlRequest<{ createIntegrationKey: { plaintext: string; key: { id: string } } }>(
      stack.urls.graphql,
      `mutation { createIntegrationKey(input: { product: "psa", name: "PSA live", scopes: ["crm.companies.read", "crm.activities.read"] }) { plaintext key { id } } }`,
      {},
      admin,
    );
    const { plaintext, key } = created.body.data!.createIntegrationKey;
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
});

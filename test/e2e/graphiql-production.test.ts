import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubTokenVerifier, createInternalTokens, DEV_AUDIENCE, DEV_ISSUER, loadDevKeys, type DevKeys } from '@onegraph/auth';
import { createGateway, graphiqlPlugin, type Gateway } from '@onegraph/gateway';
import { composeProducts, startProductSubgraphs } from '../../gateway/test/fixtures.ts';
import { ARTIFACTS, launchChromium } from './chromium.ts';

const QUERY = '{ products { upc name } }';

/** GraphiQL's editors are CodeMirror instances: their text is read and set through its API. */
const setQuery = (page: Page, query: string) =>
  page.evaluate((text) => {
    (document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(value: string): void } }).CodeMirror.setValue(text);
  }, query);
const response = (page: Page) =>
  page.evaluate(() => (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
/** Runs the editor's operation and resolves with the response pane's text once it shows something other than `before`. */
const run = async (page: Page, before: string) => {
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(
    (previous) =>
      (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue() !== previous,
    before,
  );
  return response(page);
};

/**
 * GraphiQL as a production deployment serves it (`GRAPHIQL=true` with
 * `NODE_ENV=production`): no development sign-in, only a pasted Hub token.
 * A gateway of its own over two small subgraphs: the point is the IDE's
 * production mode, not the One Stack's data.
 */
describe('GraphiQL in production mode in Chromium: no development sign-in, a pasted token', { timeout: 180_000 }, () => {
  let subgraphs: Awaited<ReturnType<typeof startProductSubgraphs>>;
  let keys: DevKeys;
  let gateway: Gateway;
  let url: string;
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;
  const violations: string[] = [];

  beforeAll(async () => {
    subgraphs = await startProductSubgraphs();
    keys = await loadDevKeys();
    gateway = await createGateway({
      supergraph: { sdl: composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }) },
      auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
      internalTokens: createInternalTokens(randomBytes(32).toString('hex')),
      // as main.ts installs it in production: no devSignIn
      plugins: [graphiqlPlugin()],
    });
    url = `${await gateway.listen()}/graphql`;
    ({ browser, close: closeBrowser } = await launchChromium(violations));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await gateway?.close();
    await subgraphs?.stop();
  });

  it('refuses a query without a token, runs it with a pasted one, and offers no development sign-in', async () => {
    const page = await browser.newPage();
    const opened = await page.goto(url);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'.*connect-src 'self'/);
    await page.locator('#og-status').waitFor();
    expect(await page.locator('#og-status').textContent()).toBe('Not signed in');
    // no organisation or role to pick, and no endpoint that would sign a token
    expect(await page.locator('#og-org').count()).toBe(0);
    expect((await fetch(`${url.replace(/\/graphql$/, '')}/graphiql/dev-token`, { method: 'POST', body: '{"org":"demo","role":"Admin"}' })).status).toBe(404);

    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    await setQuery(page, QUERY);
    const refused = JSON.parse(await run(page, '')) as { errors?: { extensions?: { code?: string } }[] };
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const token = await keys.issueToken({ org: 'demo', role: 'Member' });
    await page.fill('#og-token', token);
    await page.click('#og-sign-in');
    await expect.poll(() => page.locator('#og-status').textContent()).toBe('Signed in as a pasted token');
    const answered = JSON.parse(await run(page, await response(page))) as { data?: { products: { upc: string; name: string }[] } };
    expect(answered.data?.products).toEqual([
      { upc: '1', name: 'Table' },
      { upc: '2', name: 'Couch' },
    ]);
    // the token stays in the page's memory: never in the address
    expect(page.url()).not.toContain(token);

    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-production.png'), fullPage: true });
    expect(violations).toEqual([]);
    await page.close();
  });
});

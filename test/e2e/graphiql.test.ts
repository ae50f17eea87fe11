import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from './chromium.ts';
import { useStack } from './fixture.ts';
import { logNotes } from './subscriptions-helpers.ts';

const FEDERATED = `query Acme {
  company(id: "cmp_acme") {
    name
    deals { title }
    psa { linked openTickets }
  }
}`;

const LIVE = `subscription Live {
  companyActivity(companyId: "cmp_acme") { id summary company { name psa { linked } } }
}`;

/** The text of GraphiQL's query editor is set through CodeMirror's API (typing would fight its auto-closed brackets). */
const setQuery = (page: Page, query: string) =>
  page.evaluate((text) => {
    const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(value: string): void } };
    editor.CodeMirror.setValue(text);
  }, query);

/** What GraphiQL's response pane shows. */
const response = (page: Page) =>
  page.evaluate(() => (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());

describe('GraphiQL at /graphql in Chromium: development sign-in, a federated query, a live subscription fed by Kafka', { timeout: 180_000 }, () => {
  const stack = useStack();
  let browser: BrowserContext;
  let close: () => Promise<void>;
  const violations: string[] = [];

  beforeAll(async () => {
    ({ browser, close } = await launchChromium(violations));
  });
  afterAll(async () => {
    await close?.();
  });

  it('signs in as a demo Member, runs a query across crm and integrations, and watches companyActivity receive an event', async () => {
    const page = await browser.newPage();
    const opened = await page.goto(stack.urls.graphql);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'.*connect-src 'self'/);

    // not signed in: the gateway refuses the operation, and GraphiQL shows why
    await page.locator('#og-status').waitFor();
    expect(await page.locator('#og-status').textContent()).toBe('Not signed in');

    await page.selectOption('#og-org', 'demo');
    await page.selectOption('#og-role', 'Member');
    await page.click('#og-sign-in');
    await expect.poll(() => page.locator('#og-status').textContent()).toBe('Signed in as demo · Member');

    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    await setQuery(page, FEDERATED);
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () => (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue() !== '',
    );
    const result = JSON.parse(await response(page)) as { data: { company: { name: string; deals: unknown[]; psa: { linked: boolean } } } };
    expect(result.data.company.name).toBe('Acme Dental Group');
    expect(result.data.company.deals.length).toBeGreaterThan(0);
    // a field of the integrations subgraph, joined by the gateway
    expect(result.data.company.psa.linked).toBe(false);

    // the subscription, over graphql-ws with the same token
    await setQuery(page, LIVE);
    await page.click('.graphiql-execute-button');
    // notes are logged through the gateway; the crm outbox publishes each on Kafka, and the gateway's consumer pushes it to GraphiQL.
    // The browser's subscribe message may still be on its way when the first is logged: another follows until one arrives.
    const token = await stack.token('demo');
    let seen: string | undefined;
    for (let attempt = 1; !seen && attempt <= 10; attempt++) {
      const [id] = await logNotes(stack, token, 'cmp_acme', 1, `from GraphiQL's test ${attempt}`);
      try {
        await page.waitForFunction(
          (noteId) =>
            (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue().includes(noteId),
          id!,
          { timeout: 5_000 },
        );
        seen = id;
      } catch {
        // not yet subscribed when that note was published
      }
    }
    expect(seen, `a companyActivity event reached GraphiQL (it shows ${await response(page)}; ${violations.join('; ')})`).toBeDefined();
    const pushed = JSON.parse(await response(page)) as { data: { companyActivity: { id: string; company: { name: string } } } };
    expect(pushed.data.companyActivity.company.name).toBe('Acme Dental Group');

    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-subscription.png'), fullPage: true });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('serves GraphiQL only to browsers: a GET asking for JSON still runs GraphQL, and the page has no inline script or remote resource', async () => {
    const token = await stack.token('demo');
    const get = await fetch(`${stack.urls.graphql}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(((await get.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
    const page = await fetch(stack.urls.graphql, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).not.toMatch(/<script>|https?:\/\/(?!127\.0\.0\.1)/);
  });
});

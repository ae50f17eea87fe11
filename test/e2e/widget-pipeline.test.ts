import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/** Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const MOVE_DEAL = 'mutation ($id: ID!, $v: Int!, $stageId: ID!) { moveDeal(id: $id, expectedVersion: $v, stageId: $stageId) { id version } }';
const CREATE_DEAL = 'mutation ($input: CreateDealInput!) { createDeal(input: $input) { id } }';

describe('the PSA sidebar widget (/widget/pipeline) in Chromium, live from pipelineUpdated on real Kafka', () => {
  const stack = useStack();
  let browser: BrowserContext;
  let userDataDir: string;
  /** Script errors and CSP or Trusted Types violations seen in any page: there must be none. */
  const violations: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: this test drives Debian's Chromium (apt-get install -y chromium) and is never skipped`);
    }
    // a fresh profile per run
    userDataDir = mkdtempSync(join(tmpdir(), 'onegraph-widget-chromium-'));
    try {
      browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'en-US' });
    } catch (error) {
      throw new Error(`Chromium (${CHROMIUM}) did not start: ${(error as Error).message}`, { cause: error });
    }
    browser.setDefaultTimeout(30_000);
    browser.on('weberror', (error) => violations.push(`page error: ${error.error().message}`));
    browser.on('console', (message) => {
      if (/Content Security Policy|Trusted Type/i.test(message.text())) violations.push(`console: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  const widgetUrl = (companyId: string, token?: string) => `${stack.urls.gateway}/widget/pipeline?companyId=${companyId}${token ? `#token=${token}` : ''}`;
  const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.trim();
  const dealIn = (page: Page, stageId: string, dealId: string) => page.locator(`[data-stage-id="${stageId}"] [data-deal-id="${dealId}"]`);

  it("shows the company's open deals by stage, then moves a deal and recomputes the totals live, without a reload", async () => {
    const page = await browser.newPage();
    // a Viewer reads the widget; a Member moves the deal elsewhere
    const response = await page.goto(widgetUrl('cmp_acme', await stack.token('demo', 'Viewer')));
    expect(response?.headers()['content-security-policy']).toMatch(
      /default-src 'none'.*script-src 'self'.*connect-src 'self'.*require-trusted-types-for 'script'/,
    );

    await dealIn(page, 'stg_demo_nb_negotiation', 'deal_acme_managed').waitFor();
    await page.locator('.link[data-state="live"]').waitFor();
    expect(page.url(), 'the token is taken out of the address bar').not.toContain('token');
    expect(await text(page, 'h1')).toBe('Acme Dental Group');
    expect(await text(page, '[data-field="open-count"]')).toBe('1');
    expect(await text(page, '[data-field="open-value"]')).toBe('$48,000.00');
    expect(await text(page, '[data-field="weighted-value"]')).toBe('$38,400.00'); // 80 % of 48 000
    expect(await text(page, '[data-field="health"]')).toMatch(/^\d+ \((low|medium|high) risk\)$/);
    expect(await text(page, '[data-stage-id="stg_demo_nb_negotiation"] [data-field="count"]')).toBe('1');
    expect(await text(page, '[data-stage-id="stg_demo_nb_proposal"] [data-field="count"]')).toBe('0');
    expect(await page.locator('[data-stage-id="stg_demo_nb_won"]').count(), 'closed stages are not columns').toBe(0);
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));

    const member = crmClient(stack, 'demo', 'Member');
    const { deal } = await member.ok<{ deal: { version: number } }>('query { deal(id: "deal_acme_managed") { version } }');
    await member.ok(MOVE_DEAL, { id: 'deal_acme_managed', v: deal.version, stageId: 'stg_demo_nb_proposal' });

    await dealIn(page, 'stg_demo_nb_proposal', 'deal_acme_managed').waitFor();
    await expect.poll(() => text(page, '[data-field="weighted-value"]')).toBe('$28,800.00'); // now 60 %
    expect(await page.locator('[data-stage-id="stg_demo_nb_negotiation"] [data-deal-id]').count()).toBe(0);
    expect(await text(page, '[data-stage-id="stg_demo_nb_proposal"] [data-field="count"]')).toBe('1');
    expect(await text(page, '[data-stage-id="stg_demo_nb_proposal"] [data-field="total"]')).toBe('$48,000.00');
    expect(await text(page, '[data-field="open-value"]')).toBe('$48,000.00');

    // a new deal of the company arrives in its pipeline's first open stage; the totals add it up
    await member.ok(CREATE_DEAL, { input: { title: 'Backup <b>renewal</b>', companyId: 'cmp_acme', pipelineId: 'pl_demo_renewals', value: '1000.50' } });
    const renewal = page.locator('[data-pipeline-id="pl_demo_renewals"] [data-stage-id="stg_demo_rn_due"] .deal');
    await renewal.waitFor();
    expect(await renewal.locator('.title').textContent(), 'data is rendered as text, never as HTML').toBe('Backup <b>renewal</b>');
    await expect.poll(() => text(page, '[data-field="open-count"]')).toBe('2');
    expect(await text(page, '[data-field="open-value"]')).toBe('$49,000.50');
    expect(await text(page, '[data-field="weighted-value"]')).toBe('$29,100.15'); // 28 800 + 30 % of 1 000.50, rounded half-up

    expect(await page.evaluate(() => (window as { loadedOnce?: boolean }).loadedOnce), 'the page was not reloaded').toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  });

  it("shows another organisation's token on demo's company as an error, with none of its data", async () => {
    const page = await browser.newPage();
    await page.goto(widgetUrl('cmp_acme', await stack.token('demo-2', 'Owner')));
    await page.locator('[role="alert"]').waitFor();
    expect(await text(page, '.error .code')).toBe('NOT_FOUND');
    expect(await text(page, '.error .message')).toBe('Company cmp_acme was not found');
    expect(await page.locator('[data-deal-id]').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toMatch(/Acme|48,000/);

    // and its own company shows, in its own currency
    await page.goto(widgetUrl('cmp_northwind', await stack.token('demo-2', 'Viewer')));
    await dealIn(page, 'stg_demo2_nb_discovery', 'deal_north_security').waitFor();
    expect(await text(page, '[data-field="open-value"]')).toBe('£9,000.00');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('falls back to Server-Sent Events when WebSockets cannot connect, and stays live over them', async () => {
    const page = await browser.newPage();
    // a proxy that blocks WebSockets: every upgrade to /graphql is closed before graphql-ws can connect
    await page.routeWebSocket(/\/graphql$/, (ws) => ws.close({ code: 1011, reason: 'WebSockets are blocked here' }));
    await page.goto(widgetUrl('cmp_acme', await stack.token('demo', 'Viewer')));
    await page.locator('#app[data-transport="sse"]').waitFor();
    await page.locator('.link[data-state="live"]').waitFor();
    await page.locator('[data-deal-id="deal_acme_managed"]').waitFor();
    const stageOf = () => page.locator('[data-deal-id="deal_acme_managed"]').evaluate((deal) => deal.closest('[data-stage-id]')?.getAttribute('data-stage-id'));
    const before = await stageOf();
    const target = before === 'stg_demo_nb_proposal' ? 'stg_demo_nb_negotiation' : 'stg_demo_nb_proposal';

    const member = crmClient(stack, 'demo', 'Member');
    const { deal } = await member.ok<{ deal: { version: number } }>('query { deal(id: "deal_acme_managed") { version } }');
    await member.ok(MOVE_DEAL, { id: 'deal_acme_managed', v: deal.version, stageId: target });
    await dealIn(page, target, 'deal_acme_managed').waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  it('shows a refused token plainly, and asks for a token when the address has none', async () => {
    const page = await browser.newPage();
    await page.goto(widgetUrl('cmp_acme', 'not-a-token'));
    await page.locator('[role="alert"]').waitFor();
    expect(await text(page, '.error .code')).toBe('UNAUTHENTICATED');

    await page.goto(widgetUrl('cmp_acme'));
    await page.getByLabel('Hub token').fill(await stack.token('demo', 'Viewer'));
    await page.getByRole('button', { name: 'Open' }).click();
    await page.locator('[data-deal-id="deal_acme_managed"]').waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  it('serves the page and its hashed assets with GET only, and nothing else under /widget/', async () => {
    const html = await fetch(`${stack.urls.gateway}/widget/pipeline?companyId=cmp_acme`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const script = /src="assets\/(pipeline-[A-Z0-9]+\.js)"/.exec(await html.text())?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${stack.urls.gateway}/widget/assets/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).not.toMatch(/integration.?key/i);
    expect((await fetch(`${stack.urls.gateway}/widget/assets/pipeline-STALE.js`)).status).toBe(404);
    expect((await fetch(`${stack.urls.gateway}/widget/other`)).status).toBe(404);
    expect((await fetch(`${stack.urls.gateway}/widget/pipeline`, { method: 'POST' })).status).toBe(405);
  });
});

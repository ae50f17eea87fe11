import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where browser tests keep what a person may want to look at after a run (screenshots): gitignored. */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

/** A Chromium with a fresh profile; script errors and CSP violations of any page are collected in `violations`. */
export async function launchChromium(violations: string[]): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: this test drives Debian's Chromium (apt-get install -y chromium) and is never skipped`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'onegraph-chromium-'));
  let browser: BrowserContext;
  try {
    browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'en-US' });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`Chromium (${CHROMIUM}) did not start: ${(error as Error).message}`, { cause: error });
  }
  browser.setDefaultTimeout(30_000);
  browser.on('weberror', (error) => violations.push(`page error: ${error.error().message}`));
  browser.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

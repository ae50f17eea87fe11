import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { close, listen } from '@onegraph/http';
import { createLogger } from '@onegraph/log';
import { lazyBrowserBundle, type BrowserBundle } from '../src/browser-bundle.ts';

const asset = (name: string) => ({ name, contentType: 'text/plain', body: new TextEncoder().encode(name) });
const bundle: BrowserBundle = { script: asset('app-1.js'), style: asset('app-1.css') };

describe('a browser app bundled once, on first use', () => {
  it('answers 503 and logs why while bundling fails, builds again on the next request, then keeps the bundle', async () => {
    const lines: string[] = [];
    const log = createLogger('gateway', 'info', (line) => lines.push(line));
    let builds = 0;
    const get = lazyBrowserBundle(
      'the test app',
      async () => {
        builds += 1;
        if (builds === 1) throw new Error('esbuild: entry not found');
        return bundle;
      },
      () => log,
    );
    const server = createServer((_req, res) => {
      void get(res).then((built) => built && res.writeHead(200, { 'content-type': 'text/plain' }).end(built.script.name));
    });
    const url = await listen(server);
    try {
      const failed = await fetch(url);
      expect(failed.status).toBe(503);
      expect(((await failed.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
        expect.objectContaining({ level: 'error', msg: 'gateway: the test app could not be bundled', error: 'esbuild: entry not found' }),
      );
      for (let i = 0; i < 2; i++) {
        const ok = await fetch(url);
        expect(ok.status).toBe(200);
        expect(await ok.text()).toBe('app-1.js');
      }
      expect(builds).toBe(2);
    } finally {
      await close(server);
    }
  });
});

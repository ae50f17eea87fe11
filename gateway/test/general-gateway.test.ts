import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, createOneStackGateway, type Gateway } from '@onegraph/gateway';
import { graphqlRequest } from '@onegraph/testing';
import { composeProducts, startProductSubgraphs } from './fixtures.ts';

const QUERY = `{ products { upc name price reviews { body stars } } }`;
const EXPECTED = {
  products: [
    { upc: '1', name: 'Table', price: 899, reviews: [{ body: 'Love it!', stars: 5 }] },
    { upc: '2', name: 'Couch', price: 1299, reviews: [{ body: 'Too expensive.', stars: 2 }] },
  ],
};

describe('the gateway as a general federation gateway (--auth none)', () => {
  let subgraphs: Awaited<ReturnType<typeof startProductSubgraphs>>;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    subgraphs = await startProductSubgraphs('reviewCount: Int!');
    dir = await mkdtemp(join(tmpdir(), 'onegraph-gw-'));
    file = join(dir, 'supergraph.graphql');
    await writeFile(file, composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }));
  });
  afterAll(async () => {
    await subgraphs?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves any supergraph from the onegraph-gateway CLI with none of the One Stack plugins, and says loudly that auth is off', async () => {
    const bin = fileURLToPath(new URL('../bin/onegraph-gateway.js', import.meta.url));
    const child: ChildProcess = spawn(process.execPath, [bin, '--supergraph', file, '--port', '0', '--auth', 'none'], {
      env: { ...process.env, KAFKA_BROKERS: '', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr!.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /"graphql":"([^"]+)"/.exec(stderr);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`gateway exited with ${code}: ${stderr}`)));
      });
      expect(stderr).toContain('AUTHENTICATION IS OFF');
      const res = await graphqlRequest(url, QUERY);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: EXPECTED });
      // a load test from one address is not refused by default: 1,000 anonymous requests, 50 at a time
      const statuses = new Map<number, number>();
      for (let wave = 0; wave < 20; wave++) {
        const responses = await Promise.all(Array.from({ length: 50 }, () => graphqlRequest(url, QUERY)));
        for (const { status } of responses) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      expect(Object.fromEntries(statuses)).toEqual({ 200: 1000 });
      const health = await fetch(url.replace('/graphql', '/health'));
      expect(health.status).toBe(200);
      // --auth none installs no One Stack plugin: no widget, no Jarvis endpoint
      expect(stderr).toContain('"plugins":"none"');
      for (const path of ['/widget/pipeline', '/auth/jarvis/token']) {
        const absent = await fetch(url.replace('/graphql', path));
        expect([path, absent.status]).toEqual([path, 404]);
        expect((await absent.json()).errors[0].extensions.code).toBe('NOT_FOUND');
      }
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('refuses to start with invalid options, listing every problem', async () => {
    const bin = fileURLToPath(new URL('../bin/onegraph-gateway.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--port', 'eighty', '--auth', 'maybe'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'loud' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('GATEWAY_PORT: expected a port 0-65535, got "eighty"');
    expect(stderr).toContain('AUTH_MODE (--auth): expected hub or none, got "maybe"');
    expect(stderr).toContain('LOG_LEVEL: expected one of');
  });

  describe('in process', () => {
    let gateway: Gateway;
    let url: string;
    beforeAll(async () => {
      gateway = await createGateway({ supergraph: { path: file }, auth: { mode: 'none' }, maxBodyBytes: 4096 });
      url = `${await gateway.listen()}/graphql`;
    });
    afterAll(async () => {
      await gateway?.close();
    });

    it('has no One Stack feature: no widget, no Jarvis endpoint, no integration keys', async () => {
      expect((await fetch(url.replace('/graphql', '/widget/pipeline'))).status).toBe(404);
      expect((await fetch(url.replace('/graphql', '/auth/jarvis/token'), { method: 'POST' })).status).toBe(404);
    });

    it('reloads the supergraph when its file changes, and keeps serving the old one when the new one is broken', async () => {
      expect((await graphqlRequest(url, `{ products { reviewCount } }`)).body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
      await writeFile(file, composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }, 'reviewCount: Int!'));
      await expect
        .poll(async () => (await graphqlRequest(url, `{ products { upc reviewCount } }`)).body.data, { timeout: 10_000 })
        .toEqual({
          products: [
            { upc: '1', reviewCount: 1 },
            { upc: '2', reviewCount: 1 },
          ],
        });

      await writeFile(file, 'this is not a supergraph');
      // a valid query still works after the broken write was rejected
      const res = await graphqlRequest(url, QUERY);
      expect(res.body).toEqual({ data: EXPECTED });
    });

    it('answers bad HTTP input with coded errors and keeps serving', async () => {
      const badJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      expect(badJson.status).toBe(400);
      expect((await badJson.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');

      const huge = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ products { name } }`, pad: 'x'.repeat(10_000) }),
      });
      expect(huge.status).toBe(413);
      expect((await huge.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');

      const parseError = await graphqlRequest(url, `{ products { `);
      expect(parseError.status).toBe(400);
      expect(parseError.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');

      const notFound = await fetch(url.replace('/graphql', '/nope'));
      expect(notFound.status).toBe(404);

      expect((await graphqlRequest(url, QUERY)).body).toEqual({ data: EXPECTED });
    });
  });

  it('the One Stack gateway serves the same supergraph with its plugins: the widget is there', async () => {
    const oneStack = await createOneStackGateway({
      supergraph: { sdl: composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }) },
      auth: { mode: 'none' },
    });
    try {
      const base = await oneStack.listen();
      const widget = await fetch(`${base}/widget/pipeline`);
      expect(widget.status).toBe(200);
      expect(widget.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(await widget.text()).toContain('<main id="app">');
      expect((await graphqlRequest(`${base}/graphql`, QUERY)).body).toEqual({ data: EXPECTED });
    } finally {
      await oneStack.close();
    }
  });
});

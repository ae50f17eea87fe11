import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '@onegraph/gateway';
import { firstDifference } from '../lib/compare.ts';
import { summariseCpuProfile } from '../lib/cpuprofile.ts';
import { median } from '../lib/stats.ts';
import { createBenchSubgraph, type BenchSubgraph } from '../subgraphs/server.ts';
import { benchSubgraphNames, composeBenchSupergraph } from '../subgraphs/supergraph.ts';
import type { BenchSubgraphName } from '../subgraphs/definitions.ts';

const workloads = new URL('../workloads/', import.meta.url);
const testQuery = readFileSync(new URL('test-query.graphql', workloads), 'utf8');
const expected = JSON.parse(readFileSync(new URL('test-query.expected.json', workloads), 'utf8')) as unknown;

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('the benchmark harness', () => {
  const subgraphs: BenchSubgraph[] = [];
  const urls = {} as Record<BenchSubgraphName, string>;
  let supergraphSdl: string;
  let ours: Gateway;
  let oursUrl: string;

  beforeAll(async () => {
    for (const name of benchSubgraphNames) {
      const subgraph = createBenchSubgraph(name);
      subgraphs.push(subgraph);
      urls[name] = await subgraph.listen();
    }
    supergraphSdl = composeBenchSupergraph(urls);
    ours = await createGateway({ supergraph: { sdl: supergraphSdl }, auth: { mode: 'none' } });
    oursUrl = `${await ours.listen()}/graphql`;
  });

  afterAll(async () => {
    await ours?.close();
    await Promise.all(subgraphs.map((s) => s.close()));
  });

  it('serves real subgraphs: _service and _entities, with the public benchmark`s behaviours', async () => {
    const sdl = await post(urls.reviews, { query: '{ _service { sdl } }' });
    expect((sdl.json['data'] as { _service: { sdl: string } })._service.sdl).toContain('author: User @provides(fields: "username")');

    const inventory = await post(urls.inventory, {
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { upc inStock shippingEstimate } } }',
      variables: {
        r: [
          { __typename: 'Product', upc: '2', price: 1299, weight: 1000 },
          { __typename: 'Product', upc: '5', price: 1299, weight: 1000 },
        ],
      },
    });
    // the original ignores the representation's price and weight: no estimate
    expect(inventory.json).toEqual({
      data: {
        _entities: [
          { upc: '2', inStock: false, shippingEstimate: null },
          { upc: '5', inStock: true, shippingEstimate: null },
        ],
      },
    });

    const reviews = await post(urls.reviews, {
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id reviews { id } } ... on Product { upc reviews { id } } } }',
      variables: {
        r: [
          { __typename: 'User', id: '4' },
          { __typename: 'Product', upc: '4' },
        ],
      },
    });
    expect(reviews.json).toEqual({
      data: {
        _entities: [
          { id: '4', reviews: [{ id: '1' }, { id: '2' }] },
          { upc: '4', reviews: [{ id: '10' }, { id: '11' }] },
        ],
      },
    });

    const invalid = await post(urls.accounts, { query: '{ users { nope } }' });
    expect(invalid.status).toBe(400);
  });

  it('plain Apollo Gateway answers TestQuery with the expected response', async () => {
    const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
    await server.start();
    try {
      const response = await server.executeOperation({ query: testQuery, operationName: 'TestQuery' });
      const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
      expect(firstDifference(JSON.parse(JSON.stringify(body)), expected)).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  it('our gateway answers TestQuery with the expected response', async () => {
    const response = await post(oursUrl, { query: testQuery, operationName: 'TestQuery' });
    expect(response.status).toBe(200);
    expect(firstDifference(response.json, expected)).toBeUndefined();
  });

  it('our gateway sends the entity fetches of one subgraph at once as one request: fewer subgraph calls per TestQuery than the plan has fetches', async () => {
    const requests = () => subgraphs.reduce((sum, s) => sum + s.stats.requests, 0);
    const calls: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = requests();
      const response = await post(oursUrl, { query: testQuery, operationName: 'TestQuery' });
      expect(firstDifference(response.json, expected)).toBeUndefined();
      calls.push(requests() - before);
    }
    // Apollo's plan for TestQuery has 16 fetches (and plain Apollo Gateway sends 16 requests); Hive Gateway sends 7
    for (const count of calls) expect(count).toBeLessThanOrEqual(8);
  });
});

describe('harness helpers', () => {
  it('firstDifference names the first differing path and ignores key order', () => {
    expect(firstDifference({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBeUndefined();
    expect(firstDifference({ data: { users: [{ id: '1' }, { id: '2' }] } }, { data: { users: [{ id: '1' }, { id: '3' }] } })).toBe(
      'data.users[1].id: got "2", expected "3"',
    );
    expect(firstDifference({ data: { xs: [1] } }, { data: { xs: [1, 2] } })).toBe('data.xs: 1 items, expected 2');
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('summarises a .cpuprofile by self time, per function and per package', () => {
    const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber, scriptId: '0', columnNumber: 0 });
    const file = join(tmpdir(), `bench-test-${process.pid}.cpuprofile`);
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4] },
          { id: 2, callFrame: frame('executePlan', 'file:///x/node_modules/@apollo/gateway/dist/executeQueryPlan.js', 9) },
          { id: 3, callFrame: frame('parse', 'file:///x/node_modules/graphql/language/parser.js', 99) },
          { id: 4, callFrame: frame('(idle)', '') },
        ],
        startTime: 0,
        endTime: 1000,
        samples: [2, 2, 3, 4, 2],
        timeDeltas: [0, 100, 100, 100, 100],
      }),
    );
    const summary = summariseCpuProfile(file, '/x/', 5);
    expect(summary.busyMs).toBeCloseTo(0.3);
    expect(summary.byOrigin.map((o) => [o.name, Math.round(o.percent)])).toEqual([
      ['@apollo/gateway', 67],
      ['graphql', 33],
    ]);
    expect(summary.byFunction[0]?.name).toBe('executePlan @apollo/gateway/dist/executeQueryPlan.js:10');
  });
});

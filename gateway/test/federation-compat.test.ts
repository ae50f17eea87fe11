// Federation compatibility: our gateway (its executor of Apollo's query
// plans, its subgraph client, its deduplication) against plain Apollo
// Gateway on the same subgraphs, compared byte for byte, in the spirit of
// the public federation-gateway-audit suites: entities across subgraphs,
// @requires, @provides, interfaces and unions whose members live in other
// subgraphs, aliases, fragments, __typename, skip/include, variables,
// introspection, mutations, and failures: subgraph errors with paths (in
// root and entity fetches), null propagation, a subgraph that is down, one
// that answers HTTP 503, one that returns values of the wrong type.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '@onegraph/gateway';
import { apolloHandler, close, listen } from '@onegraph/http';
import { graphqlRequest } from '@onegraph/testing';
import { FastGateway } from '../src/executor/gateway.ts';
import { InflightDeduplicator } from '../src/fetch/inflight.ts';
import { SubgraphHttp, type SubgraphHttpResponse } from '../src/fetch/subgraph-http.ts';
import { IdentityForwardingSource } from '../src/subgraph-source.ts';

const fed = (imports: string[]) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports.map((i) => `"${i}"`).join(', ')}])`;

export const sdl = {
  accounts: `${fed(['@key', '@shareable'])}
    type Query { me: User users: [User!]! search(term: String!): [SearchResult!]! nodes: [Node!]! }
    interface Node { id: ID! }
    union SearchResult = User | Product
    type User implements Node @key(fields: "id") { id: ID! name: String! username: String @shareable }
    type Bot implements Node { id: ID! model: String! }
    type Product @key(fields: "upc", resolvable: false) { upc: ID! }`,
  products: `${fed(['@key'])}
    type Query { topProducts(first: Int = 5): [Product!]! product(upc: ID!): Product }
    type Product @key(fields: "upc") { upc: ID! name: String! price: Int! weight: Int! category: Category }
    enum Category { FURNITURE KITCHEN }`,
  inventory: `${fed(['@key', '@external', '@requires'])}
    type Product @key(fields: "upc") {
      upc: ID! price: Int! @external weight: Int! @external
      shippingEstimate: Int @requires(fields: "price weight")
      inStock: Boolean!
      "Null for product 3: a non-null violation inside an entity fetch."
      warehouse: String!
    }`,
  reviews: `${fed(['@key', '@external', '@provides'])}
    type Query { latestReviews: [Review!]! }
    type Mutation { addReview(upc: ID!, body: String!): Review! }
    type Review @key(fields: "id") {
      id: ID! body: String! author: User @provides(fields: "username") product: Product
      "Fails for every other review, with a coded error."
      flaky: String
    }
    type User @key(fields: "id") { id: ID! username: String @external reviews: [Review!]! }
    type Product @key(fields: "upc") { upc: ID! reviews: [Review!]! }`,
  /** Never listening: every call fails to connect. */
  down: `${fed(['@key'])}
    type Product @key(fields: "upc") { upc: ID! extra: String }`,
  /** Answers every call with HTTP 503 and a text body. */
  unavailable: `${fed(['@key'])}
    type User @key(fields: "id") { id: ID! status: String }`,
  /** Answers entity calls with a string where an Int is declared. */
  wrong: `${fed(['@key'])}
    type Product @key(fields: "upc") { upc: ID! rating: Int }`,
};

export type CompatSubgraph = keyof typeof sdl;

const users = [
  { id: 'u1', name: 'Ada Lovelace', username: '@ada' },
  { id: 'u2', name: 'Alan Turing', username: '@alan' },
];
const products = [
  { upc: '1', name: 'Table', price: 899, weight: 100, category: 'FURNITURE' },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000, category: 'FURNITURE' },
  { upc: '3', name: 'Chair', price: 54, weight: 50, category: null },
  { upc: '4', name: 'Kettle', price: 30, weight: 2, category: 'KITCHEN' },
];
const reviews = [
  { id: 'r1', body: 'Love it!', authorId: 'u1', upc: '1' },
  { id: 'r2', body: 'Too expensive.', authorId: 'u2', upc: '2' },
  { id: 'r3', body: 'Could be worse.', authorId: 'u1', upc: '3' },
  { id: 'r4', body: 'Boils water.', authorId: 'u2', upc: '1' },
];

type Ref<K extends string> = Record<K, string>;

const resolvers = {
  accounts: {
    Query: {
      me: () => users[0],
      users: () => users,
      search: () => [users[1], { __typename: 'Product', upc: '2' }, users[0], { __typename: 'Product', upc: '4' }],
      nodes: () => [users[0], { __typename: 'Bot', id: 'b1', model: 'T-800' }, users[1]],
    },
    User: { __resolveReference: (ref: Ref<'id'>) => users.find((u) => u.id === ref.id) ?? null },
    SearchResult: { __resolveType: (value: { __typename?: string }) => value.__typename ?? 'User' },
    Node: { __resolveType: (value: { __typename?: string }) => value.__typename ?? 'User' },
  },
  products: {
    Query: {
      topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first),
      product: (_: unknown, { upc }: { upc: string }) => products.find((p) => p.upc === upc) ?? null,
    },
    Product: { __resolveReference: (ref: Ref<'upc'>) => products.find((p) => p.upc === ref.upc) ?? null },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ref,
      shippingEstimate: (p: { price?: number; weight?: number }) =>
        p.price === undefined || p.weight === undefined ? null : p.price > 1000 ? 0 : Math.round(p.weight / 2),
      inStock: (p: Ref<'upc'>) => p.upc !== '2',
      warehouse: (p: Ref<'upc'>) => (p.upc === '3' ? null : `WH-${p.upc}`),
    },
  },
  reviews: {
    Query: { latestReviews: () => reviews },
    Mutation: {
      addReview: (_: unknown, { upc, body }: { upc: string; body: string }) => {
        const review = { id: `r${reviews.length + 1}`, body, authorId: 'u1', upc };
        reviews.push(review);
        return review;
      },
    },
    Review: {
      __resolveReference: (ref: Ref<'id'>) => reviews.find((r) => r.id === ref.id) ?? null,
      author: (r: { authorId: string }) => ({ __typename: 'User', id: r.authorId, username: users.find((u) => u.id === r.authorId)?.username }),
      product: (r: { upc: string }) => ({ __typename: 'Product', upc: r.upc }),
      flaky: (r: { id: string }) => {
        if (Number(r.id.slice(1)) % 2 === 0) throw new GraphQLError(`review ${r.id} is flaky`, { extensions: { code: 'FLAKY' } });
        return `steady ${r.id}`;
      },
    },
    User: { reviews: (u: Ref<'id'>) => reviews.filter((r) => r.authorId === u.id) },
    Product: { reviews: (p: Ref<'upc'>) => reviews.filter((r) => r.upc === p.upc) },
  },
};

export interface CompatSubgraphs {
  urls: Record<CompatSubgraph, string>;
  supergraphSdl: string;
  /** Subgraph calls served so far, per subgraph. */
  calls: Record<CompatSubgraph, number>;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts every compatibility subgraph on port 0 (the `down` one is a port that was free and is closed again). */
export async function startCompatSubgraphs(): Promise<CompatSubgraphs> {
  const servers: { server: Server; stop?: () => Promise<void> }[] = [];
  const urls = {} as Record<CompatSubgraph, string>;
  const calls = Object.fromEntries(Object.keys(sdl).map((name) => [name, 0])) as Record<CompatSubgraph, number>;
  try {
    for (const name of ['accounts', 'products', 'inventory', 'reviews'] as const) {
      const apollo = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(sdl[name]), resolvers: resolvers[name] as never }]) });
      await apollo.start();
      const handler = apolloHandler(apollo, { context: async () => ({}) });
      const server = createServer((req, res) => {
        calls[name]++;
        void handler(req, res);
      });
      servers.push({ server, stop: () => apollo.stop() });
      urls[name] = `${await listen(server)}/graphql`;
    }

    const unavailable = createServer((req, res) => {
      calls.unavailable++;
      void readBody(req).then(() => {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('upstream maintenance');
      });
    });
    servers.push({ server: unavailable });
    urls.unavailable = `${await listen(unavailable)}/graphql`;

    const wrong = createServer((req, res) => {
      calls.wrong++;
      void readBody(req).then((body) => {
        const { variables } = JSON.parse(body) as { variables?: { representations?: { upc: string }[] } };
        const entities = (variables?.representations ?? []).map((r) => ({ __typename: 'Product', rating: r.upc === '2' ? 'five stars' : Number(r.upc) }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { _entities: entities } }));
      });
    });
    servers.push({ server: wrong });
    urls.wrong = `${await listen(wrong)}/graphql`;

    const closed = createServer();
    urls.down = `${await listen(closed)}/graphql`;
    await close(closed);
  } catch (error) {
    await Promise.all(servers.map(async ({ server, stop }) => (await close(server), await stop?.())));
    throw error;
  }

  const composed = composeServices(Object.entries(sdl).map(([name, typeDefs]) => ({ name, url: urls[name as CompatSubgraph], typeDefs: parse(typeDefs) })));
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  return {
    urls,
    supergraphSdl: composed.supergraphSdl,
    calls,
    stop: async () => {
      await Promise.all(servers.map(async ({ server, stop }) => (await close(server), await stop?.())));
    },
  };
}

/** The operations compared, each with its variables: every one must give the same response from both gateways. */
const operations: Record<string, { query: string; variables?: Record<string, unknown>; operationName?: string; fails?: true }> = {
  'root fields of one subgraph': { query: '{ topProducts { upc name price category } }' },
  'entities across subgraphs, nested both ways': {
    query: '{ topProducts(first: 3) { name reviews { body author { name username reviews { product { name } } } } } }',
  },
  '@requires': { query: '{ topProducts { name shippingEstimate inStock } }' },
  '@provides (username comes with the review, name from accounts)': { query: '{ latestReviews { body author { username name } } }' },
  'aliases, named and inline fragments, __typename (plain and aliased)': {
    query: `query Aliased($first: Int) {
      top: topProducts(first: $first) { ...P kind: __typename }
      again: topProducts(first: 1) { n: name ... on Product { upc price } }
    }
    fragment P on Product { __typename n: name cost: price reviews { id ... on Review { text: body } } }`,
    variables: { first: 2 },
    operationName: 'Aliased',
  },
  'the same field selected twice through fragments, merged': {
    query:
      '{ topProducts(first: 2) { ... on Product { reviews { id } } reviews { body author { name } } ...R } } fragment R on Product { reviews { id author { username } } }',
  },
  'a union whose members live in two subgraphs': {
    query: '{ search(term: "a") { __typename ... on User { name reviews { body } } ... on Product { upc name price shippingEstimate } } }',
  },
  'an interface implemented by an entity with fields in another subgraph': {
    query: '{ nodes { id __typename ... on User { username reviews { product { name } } } ... on Bot { model } } }',
  },
  '@skip and @include on fields and fragments, literal and variable (with a default)': {
    query: `query Conditional($withPrice: Boolean!, $skipName: Boolean = false) {
      topProducts(first: 2) { upc name @skip(if: $skipName) price @include(if: $withPrice) ... on Product @include(if: $withPrice) { weight } reviews @skip(if: true) { id } }
    }`,
    variables: { withPrice: true },
  },
  '@skip with the other variable value': {
    query: `query Conditional($withPrice: Boolean!, $skipName: Boolean = false) { topProducts(first: 2) { upc name @skip(if: $skipName) price @include(if: $withPrice) } }`,
    variables: { withPrice: false, skipName: true },
  },
  'variables that do not coerce': { query: 'query ($first: Int) { topProducts(first: $first) { name } }', variables: { first: 'three' }, fails: true },
  'a missing required variable': { query: 'query ($upc: ID!) { product(upc: $upc) { name } }', fails: true },
  'a nullable root field that is null': { query: '{ product(upc: "99") { name reviews { body } } }' },
  'introspection next to data': { query: '{ __typename product(upc: "1") { name } __type(name: "Product") { name kind fields { name } } }' },
  'subgraph errors in a root fetch: partial data, errors with paths': { query: '{ latestReviews { id flaky } }', fails: true },
  'subgraph errors in an entity fetch: paths rewritten into the response': { query: '{ topProducts { name reviews { id flaky } } }', fails: true },
  'a non-null field null in an entity fetch: null propagates up to a nullable parent': { query: '{ product(upc: "3") { name warehouse } }', fails: true },
  'a non-null field null in a list of non-null entities: null propagates to the root': { query: '{ topProducts { name warehouse } }', fails: true },
  'a subgraph that is down: its fields null, one error': { query: '{ topProducts(first: 2) { name extra } }', fails: true },
  'a subgraph that answers HTTP 503': { query: '{ users { name status } }', fails: true },
  'a subgraph value of the wrong type: value completion errors': { query: '{ topProducts { upc rating } }', fails: true },
  'entity fetches to one subgraph at once, sent as one request, with errors in both': {
    query: '{ users { reviews { id flaky } } topProducts { reviews { id flaky product { inStock } } } }',
    fails: true,
  },
};

async function execute(server: ApolloServer, operation: { query: string; variables?: Record<string, unknown>; operationName?: string }): Promise<string> {
  const response = await server.executeOperation(operation);
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return JSON.stringify({ status: response.http.status ?? 200, body: response.body.singleResult });
}

describe('federation compatibility: ours against plain Apollo Gateway on the same subgraphs', () => {
  let subgraphs: CompatSubgraphs;
  let baseline: ApolloServer;
  let ours: ApolloServer;
  let http: SubgraphHttp;

  beforeAll(async () => {
    subgraphs = await startCompatSubgraphs();
    const { supergraphSdl } = subgraphs;
    http = new SubgraphHttp();
    const inflight = new InflightDeduplicator<SubgraphHttpResponse>();
    baseline = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }), includeStacktraceInErrorResponses: false });
    ours = new ApolloServer({
      gateway: new FastGateway(
        { supergraphSdl, buildService: ({ url }) => new IdentityForwardingSource(url ?? '', { http, inflight }) },
        { deduplicate: { scope: () => '' } },
      ),
      includeStacktraceInErrorResponses: false,
    });
    await Promise.all([baseline.start(), ours.start()]);
  });
  afterAll(async () => {
    await Promise.all([baseline?.stop(), ours?.stop()]);
    await http?.close();
    await subgraphs?.stop();
  });

  for (const [name, operation] of Object.entries(operations)) {
    it(name, async () => {
      const expected = await execute(baseline, operation);
      expect(await execute(ours, operation)).toBe(expected);
    });
  }

  it('the failure cases fail as described (the comparison is not of two empty answers)', async () => {
    const failures = Object.entries(operations).filter(([, operation]) => operation.fails);
    expect(failures).toHaveLength(10);
    for (const [name, operation] of failures) {
      const { body } = JSON.parse(await execute(ours, operation)) as {
        body: { errors?: unknown[]; extensions?: { valueCompletion?: unknown[] }; data?: unknown };
      };
      expect(body.errors?.length ?? body.extensions?.valueCompletion?.length ?? 0, name).toBeGreaterThan(0);
    }
    const down = JSON.parse(await execute(ours, operations['a subgraph that is down: its fields null, one error']!)) as {
      body: { errors: { message: string }[]; data: unknown };
    };
    expect(down.body.errors[0]!.message).toMatch(/^request to http:\/\/127\.0\.0\.1:\d+\/graphql failed, reason: connect ECONNREFUSED/);
    expect(down.body.data).toEqual({
      topProducts: [
        { name: 'Table', extra: null },
        { name: 'Couch', extra: null },
      ],
    });
    const entityErrors = JSON.parse(await execute(ours, operations['subgraph errors in an entity fetch: paths rewritten into the response']!)) as {
      body: { errors: { path: unknown[] }[] };
    };
    expect(entityErrors.body.errors.map((e) => e.path)).toContainEqual(['topProducts', 0, 'reviews', 1, 'flaky']);
  });

  it('a mutation, then the query that reads it, give the same responses', async () => {
    const mutation = { query: 'mutation { addReview(upc: "4", body: "Whistles.") { body product { name } author { username name } } }' };
    const expected = await execute(baseline, mutation);
    expect(await execute(ours, mutation)).toBe(expected);
    const read = { query: '{ product(upc: "4") { name reviews { body author { name } } } }' };
    expect(await execute(ours, read)).toBe(await execute(baseline, read));
    expect(await execute(ours, read)).toContain('Whistles.');
  });

  it('entity fetches to one subgraph in one step of the plan go as one request, with the same response as Apollo', async () => {
    const operation = { query: '{ latestReviews { product { name shippingEstimate } author { reviews { product { shippingEstimate } } } } }' };
    const before = subgraphs.calls.inventory;
    const expected = await execute(baseline, operation);
    const apolloCalls = subgraphs.calls.inventory - before;
    const ourStart = subgraphs.calls.inventory;
    expect(await execute(ours, operation)).toBe(expected);
    expect({ apollo: apolloCalls, ours: subgraphs.calls.inventory - ourStart }).toEqual({ apollo: 2, ours: 1 });
  });

  it('identical concurrent operations give the same responses as one at a time', async () => {
    const operation = operations['entities across subgraphs, nested both ways']!;
    const expected = await execute(baseline, operation);
    const responses = await Promise.all(Array.from({ length: 20 }, () => execute(ours, operation)));
    for (const response of responses) expect(response).toBe(expected);
  });
});

describe('federation compatibility through createGateway over HTTP (as shipped, errors masked)', () => {
  let subgraphs: CompatSubgraphs;
  let baseline: ApolloServer;
  let gateway: Gateway;
  let url: string;

  beforeAll(async () => {
    subgraphs = await startCompatSubgraphs();
    baseline = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: subgraphs.supergraphSdl }), includeStacktraceInErrorResponses: false });
    await baseline.start();
    gateway = await createGateway({ supergraph: { sdl: subgraphs.supergraphSdl }, auth: { mode: 'none' }, rateLimit: false });
    url = `${await gateway.listen()}/graphql`;
  });
  afterAll(async () => {
    await gateway?.close();
    await baseline?.stop();
    await subgraphs?.stop();
  });

  it('the same data and error paths for every operation', async () => {
    for (const [name, operation] of Object.entries(operations)) {
      const expected = JSON.parse(await execute(baseline, operation)) as { status: number; body: { data?: unknown; errors?: { path?: unknown }[] } };
      const response = await graphqlRequest(url, operation.query, operation.variables ?? {});
      expect(response.status, name).toBe(expected.status);
      expect(JSON.stringify(response.body.data), name).toBe(JSON.stringify(expected.body.data));
      expect(
        response.body.errors?.map((e) => (e as { path?: unknown }).path),
        name,
      ).toEqual(expected.body.errors?.map((e) => e.path));
    }
  });
});

// Deduplication of identical operations and subgraph calls in flight: shared
// within one principal, never across principals, and never across a
// mutation. The subgraph holds its answers until the test releases them, so
// the requests are in flight together without timing assumptions.
import { createServer, type Server } from 'node:http';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInternalTokens, INTERNAL_TOKEN_HEADER, type Principal, type UserPrincipal } from '@onegraph/auth';
import { createGateway, type Gateway, type GatewayContext } from '@onegraph/gateway';
import { apolloHandler, close, listen } from '@onegraph/http';
import { graphqlRequest } from '@onegraph/testing';
import { FastGateway } from '../src/executor/gateway.ts';
import { InflightDeduplicator } from '../src/fetch/inflight.ts';
import { SubgraphHttp, type SubgraphHttpResponse } from '../src/fetch/subgraph-http.ts';
import { IdentityForwardingSource } from '../src/subgraph-source.ts';
import { createIdentityTokens } from '../src/fetch/identity-tokens.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const tokens = createInternalTokens(SECRET);
const user = (org: string, sub: string): UserPrincipal => ({ kind: 'user', org, sub, role: 'Member', products: ['crm'] });

const sdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { "Who the subgraph was told is calling." me: Caller! counter: Int! }
  type Mutation { increment: Int! }
  type Caller { org: String! sub: String! }
`;

/** A subgraph that verifies the forwarded identity and answers only when the test says so. */
async function startHeldSubgraph() {
  let counter = 0;
  const arrivals: string[] = [];
  let waiting: (() => void)[] = [];
  let holding = true;
  const held = async (field: string) => {
    arrivals.push(field);
    if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const apollo = new ApolloServer<{ principal: Principal }>({
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(sdl),
        resolvers: {
          Query: {
            me: async (_: unknown, __: unknown, { principal }: { principal: Principal }) => (await held('me'), { org: principal.org, sub: principal.sub }),
            counter: async () => (await held('counter'), counter),
          },
          Mutation: { increment: () => ++counter },
        } as never,
      },
    ]),
  });
  await apollo.start();
  const handler = apolloHandler(apollo, {
    context: async ({ req }) => ({ principal: await tokens.verify(req.headers[INTERNAL_TOKEN_HEADER] as string | undefined) }),
  });
  const server: Server = createServer((req, res) => void handler(req, res));
  const url = `${await listen(server)}/graphql`;
  const composed = composeServices([{ name: 'held', url, typeDefs: parse(sdl) }]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  return {
    supergraphSdl: composed.supergraphSdl,
    /** The fields resolved so far, in order of arrival (one per subgraph call here). */
    arrivals,
    /** Answers everything held, and from now on answers at once. */
    release() {
      holding = false;
      for (const resolve of waiting) resolve();
      waiting = [];
    },
    hold() {
      holding = true;
      arrivals.length = 0;
    },
    stop: async () => {
      await close(server);
      await apollo.stop();
    },
  };
}

describe('deduplication never crosses principals', () => {
  let subgraph: Awaited<ReturnType<typeof startHeldSubgraph>>;
  let gateway: Gateway;
  let url: string;
  const principals: Record<string, UserPrincipal> = { 'token-a': user('org-a', 'ann'), 'token-b': user('org-b', 'bob') };

  beforeAll(async () => {
    subgraph = await startHeldSubgraph();
    gateway = await createGateway({
      supergraph: { sdl: subgraph.supergraphSdl },
      auth: {
        mode: 'hub',
        verify: async (token) => {
          const principal = principals[token];
          if (!principal) throw new Error('unknown token');
          return principal;
        },
      },
      internalTokens: tokens,
      rateLimit: false,
    });
    url = `${await gateway.listen()}/graphql`;
  });
  afterAll(async () => {
    subgraph?.release();
    await gateway?.close();
    await subgraph?.stop();
  });

  it('two principals sending the same query at once each get their own answer, from their own subgraph call', async () => {
    subgraph.hold();
    const query = '{ me { org sub } }';
    const a = graphqlRequest(url, query, {}, 'token-a');
    const b = graphqlRequest(url, query, {}, 'token-b');
    // both calls reach the subgraph while the first is still unanswered
    await expect.poll(() => subgraph.arrivals.length).toBe(2);
    subgraph.release();
    expect((await a).body).toEqual({ data: { me: { org: 'org-a', sub: 'ann' } } });
    expect((await b).body).toEqual({ data: { me: { org: 'org-b', sub: 'bob' } } });
  });
});

describe('deduplication within one principal', () => {
  let subgraph: Awaited<ReturnType<typeof startHeldSubgraph>>;
  let http: SubgraphHttp;
  let subgraphCalls: InflightDeduplicator<SubgraphHttpResponse>;
  let gateway: FastGateway;
  let server: ApolloServer<GatewayContext>;
  const context = (principal: Principal): GatewayContext => ({ requestId: crypto.randomUUID(), principal });
  const run = async (query: string, principal: Principal) => {
    const response = await server.executeOperation({ query }, { contextValue: context(principal) });
    return response.body.kind === 'single' ? response.body.singleResult : undefined;
  };

  beforeAll(async () => {
    subgraph = await startHeldSubgraph();
    http = new SubgraphHttp();
    subgraphCalls = new InflightDeduplicator();
    gateway = new FastGateway(
      {
        supergraphSdl: subgraph.supergraphSdl,
        buildService: ({ url }) => new IdentityForwardingSource(url ?? '', { http, identityTokens: createIdentityTokens(tokens), inflight: subgraphCalls }),
      },
      { deduplicate: { scope: (ctx) => JSON.stringify((ctx as Partial<GatewayContext>).principal ?? null) } },
    );
    server = new ApolloServer<GatewayContext>({ gateway });
    await server.start();
  });
  afterEach(() => subgraph.release());
  afterAll(async () => {
    await server?.stop();
    await http?.close();
    await subgraph?.stop();
  });

  it('the same query from the same principal, in flight at once, runs once and both get the answer', async () => {
    subgraph.hold();
    const ann = user('org-a', 'ann');
    const first = run('{ me { org sub } }', ann);
    await expect.poll(() => subgraph.arrivals.length).toBe(1);
    const before = gateway.sharedExecutions;
    // an equal principal (another request's object) shares too
    const second = run('{ me { org sub } }', user('org-a', 'ann'));
    await expect.poll(() => gateway.sharedExecutions).toBe(before + 1);
    subgraph.release();
    expect(await first).toEqual({ data: { me: { org: 'org-a', sub: 'ann' } } });
    expect(await second).toEqual({ data: { me: { org: 'org-a', sub: 'ann' } } });
    expect(subgraph.arrivals).toEqual(['me']);
  });

  it('a query sent after a mutation does not join one begun before it', async () => {
    const ann = user('org-a', 'ann');
    subgraph.hold();
    const before = run('{ counter }', ann);
    await expect.poll(() => subgraph.arrivals).toEqual(['counter']);
    expect(await run('mutation { increment }', ann)).toEqual({ data: { increment: 1 } });
    const after = run('{ counter }', ann);
    // the second query reaches the subgraph on its own call
    await expect.poll(() => subgraph.arrivals).toEqual(['counter', 'counter']);
    subgraph.release();
    expect(await after).toEqual({ data: { counter: 1 } });
    expect(await before).toEqual({ data: { counter: expect.any(Number) } });
  });

  it('identical subgraph calls of two operations (same principal) share one call', async () => {
    subgraph.hold();
    const ann = user('org-a', 'ann');
    const shared = subgraphCalls.shared;
    // two query texts (so two executions) that make the same subgraph call
    const first = run('{ me { org sub } }', ann);
    await expect.poll(() => subgraph.arrivals.length).toBe(1);
    const second = run('{ me { org, sub } }', ann);
    await expect.poll(() => subgraphCalls.shared).toBe(shared + 1);
    subgraph.release();
    expect(await first).toEqual({ data: { me: { org: 'org-a', sub: 'ann' } } });
    expect(await second).toEqual({ data: { me: { org: 'org-a', sub: 'ann' } } });
    expect(subgraph.arrivals).toEqual(['me']);
  });
});

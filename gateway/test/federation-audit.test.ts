// Cases of the public graphql-hive/federation-gateway-audit that plain
// Apollo Gateway answers wrongly, reproduced on real subgraphs (port 0) and
// a supergraph composed with @apollo/composition; each response must equal
// the audit's expected one. The suites' schemas and data are the audit's.
import { createServer, type Server } from 'node:http';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '@onegraph/gateway';
import { apolloHandler, close, listen } from '@onegraph/http';
import { graphqlRequest } from '@onegraph/testing';

interface SubgraphSpec {
  typeDefs: string;
  resolvers: Record<string, unknown>;
}

interface Suite {
  subgraphs: Record<string, SubgraphSpec>;
  cases: { query: string; expected: unknown }[];
}

const fed = (imports: string[]) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [${imports.map((i) => `"${i}"`).join(', ')}])`;

const productRows = [
  { upc: 'p1', name: 'p-name-1', price: 11, weight: 1, category: { averagePrice: 11 } },
  { upc: 'p2', name: 'p-name-2', price: 22, weight: 2, category: { averagePrice: 22 } },
];
const posts = [{ id: 'p1' }, { id: 'p2' }];
const comments = [
  { id: 'c1', postId: 'p1', authorId: 'a2', body: 'c1-body' },
  { id: 'c2', postId: 'p1', authorId: 'a2', body: 'c2-body' },
  { id: 'c3', postId: 'p1', authorId: 'a2', body: 'c3-body' },
  { id: 'c4', postId: 'p2', authorId: 'a1', body: 'c4-body' },
  { id: 'c5', postId: 'p2', authorId: 'a1', body: 'c5-body' },
  { id: 'c6', postId: 'p2', authorId: 'a1', body: 'c6-body' },
  { id: 'c7', postId: 'p2', authorId: 'a1', body: 'c3-body' },
];
const authors = [
  { id: 'a1', name: 'a1-name' },
  { id: 'a2', name: 'a2-name' },
];

type ProductKey = { upc: string; price?: number; weight?: number };

/** The products subgraph both @requires-with-argument suites share: `price(currency:)` with its argument honoured. */
const productsOwner: SubgraphSpec = {
  typeDefs: `${fed(['@key'])}
    type Query { products: [Product] }
    type Product @key(fields: "upc") { upc: String! name: String price(currency: String!): Int weight: Int category: Category }
    type Category { averagePrice(currency: String!): Int }`,
  resolvers: {
    Query: { products: () => productRows },
    Product: {
      __resolveReference: (key: ProductKey) => productRows.find((p) => p.upc === key.upc) ?? null,
      price: (parent: { price: number }, args: { currency: string }) => {
        if (args.currency === 'EUR') return parent.price * 2;
        if (args.currency === 'USD') return parent.price;
        throw new Error(`Unsupported currency ${args.currency}`);
      },
    },
  },
};

const shippingResolvers = {
  Product: {
    __resolveReference: (key: ProductKey) => {
      const product = productRows.find((p) => p.upc === key.upc);
      if (!product) return null;
      if ('weight' in key && 'price' in key) return { upc: product.upc, weight: key.weight, price: key.price, category: product.category };
      return { upc: product.upc, category: product.category };
    },
    shippingEstimate: (product: { price: number; weight: number }) => product.price * product.weight * 10,
    // from the EUR price it requires (twice the USD one in subgraph b): three quarters of it, per unit of weight, times ten
    shippingEstimateEUR: (product: { price: number; weight: number }) => product.price * product.weight * 10 * 0.75,
    isExpensiveCategory: (product: { category: { averagePrice: number } }) => product.category.averagePrice > 11,
  },
};

const requiresWithArgument: Suite = {
  subgraphs: {
    a: {
      typeDefs: `${fed(['@key', '@external', '@requires'])}
        type Product @key(fields: "upc") {
          upc: String!
          weight: Int @external
          price(currency: String!): Int @external
          shippingEstimate: Int @requires(fields: "price(currency: \\"USD\\") weight")
          category: Category @external
          isExpensiveCategory: Boolean @requires(fields: "category { averagePrice(currency: \\"USD\\") }")
        }
        type Category @external { averagePrice(currency: String!): Int }`,
      resolvers: shippingResolvers,
    },
    b: productsOwner,
    c: {
      typeDefs: `${fed(['@key', '@external', '@requires'])}
        type Query { feed: [Post] }
        type Post @key(fields: "id") { id: ID! comments(limit: Int!): [Comment] @external }
        type Comment @key(fields: "id") {
          id: ID!
          authorId: ID
          body: String!
          sameCommentOnOtherPosts: [Post] @external
          isCommentSpam: Boolean @requires(fields: "sameCommentOnOtherPosts { comments(limit: 50) { id } }")
        }`,
      resolvers: {
        Query: { feed: () => posts.map((post) => ({ id: post.id })) },
        Post: {
          __resolveReference: (key: { id: string }) => (posts.some((p) => p.id === key.id) ? { id: key.id } : null),
          comments: (post: { id: string }, { limit }: { limit: number }) =>
            comments
              .filter((c) => c.postId === post.id)
              .slice(0, limit)
              .map((c) => ({ id: c.id, authorId: c.authorId, body: c.body })),
        },
        Comment: {
          __resolveReference: (ref: { id: string; sameCommentOnOtherPosts?: { comments: { id: string }[] }[] }) => {
            const comment = comments.find((c) => c.id === ref.id);
            if (!comment) return null;
            const others = ref.sameCommentOnOtherPosts;
            return {
              id: comment.id,
              authorId: comment.authorId,
              body: comment.body,
              isCommentSpam: others?.length ? others.every((p) => p.comments.every((c) => c.id)) : false,
            };
          },
        },
      },
    },
    d: {
      typeDefs: `${fed(['@key', '@external', '@requires'])}
        type Post @key(fields: "id") { id: ID! author: Author @requires(fields: "comments(limit: 3) { authorId }") comments(limit: Int!): [Comment] }
        type Comment @key(fields: "id") { id: ID! date: String authorId: ID @external sameCommentOnOtherPosts: [Post] }
        type Author { id: ID! name: String }`,
      resolvers: {
        Post: {
          __resolveReference: (key: { id: string; comments?: { authorId: string }[] }) => {
            if (!posts.some((p) => p.id === key.id)) return null;
            if (!key.comments) return { id: key.id };
            if (key.comments.length !== 3) throw new Error('Expected 3 comments');
            return { id: key.id, authorId: key.comments[2]!.authorId };
          },
          author: (post: { authorId?: string }) => authors.find((a) => a.id === post.authorId) ?? null,
          comments: (post: { id: string }, { limit }: { limit: number }) =>
            comments
              .filter((c) => c.postId === post.id)
              .slice(0, limit)
              .map((c) => ({ id: c.id })),
        },
        Comment: {
          __resolveReference: (key: { id: string }) => (comments.some((c) => c.id === key.id) ? { id: key.id } : null),
          sameCommentOnOtherPosts: ({ id }: { id: string }) => {
            const comment = comments.find((c) => c.id === id);
            if (!comment) return [];
            return comments.filter((c) => c.body === comment.body && c.postId !== comment.postId).map((c) => ({ id: c.postId }));
          },
        },
      },
    },
  },
  cases: [
    {
      query: '{ products { upc name shippingEstimate } }',
      expected: {
        data: {
          products: [
            { upc: 'p1', name: 'p-name-1', shippingEstimate: 110 },
            { upc: 'p2', name: 'p-name-2', shippingEstimate: 440 },
          ],
        },
      },
    },
    { query: '{ feed { author { id } } }', expected: { data: { feed: [{ author: { id: 'a2' } }, { author: { id: 'a1' } }] } } },
    {
      query: '{ feed { author { id } comments(limit: 1) { id } } }',
      expected: {
        data: {
          feed: [
            { author: { id: 'a2' }, comments: [{ id: 'c1' }] },
            { author: { id: 'a1' }, comments: [{ id: 'c4' }] },
          ],
        },
      },
    },
    {
      query: '{ feed { comments(limit: 3) { isCommentSpam } } }',
      expected: {
        data: {
          feed: [
            { comments: [{ isCommentSpam: false }, { isCommentSpam: false }, { isCommentSpam: true }] },
            { comments: [{ isCommentSpam: false }, { isCommentSpam: false }, { isCommentSpam: false }] },
          ],
        },
      },
    },
    {
      query: 'query ($limit: Int = 1) { feed { author { id } comments(limit: $limit) { id } } }',
      expected: {
        data: {
          feed: [
            { author: { id: 'a2' }, comments: [{ id: 'c1' }] },
            { author: { id: 'a1' }, comments: [{ id: 'c4' }] },
          ],
        },
      },
    },
    {
      query: `query ($limit: Int = 1) { feed { author { id } ...Foo ...Bar } }
        fragment Foo on Post { comments(limit: $limit) { id } }
        fragment Bar on Post { comments(limit: $limit) { id } }`,
      expected: {
        data: {
          feed: [
            { author: { id: 'a2' }, comments: [{ id: 'c1' }] },
            { author: { id: 'a1' }, comments: [{ id: 'c4' }] },
          ],
        },
      },
    },
  ],
};

const requiresWithArgumentConflict: Suite = {
  subgraphs: {
    a: {
      typeDefs: `${fed(['@key', '@external', '@requires'])}
        type Product @key(fields: "upc") {
          upc: String!
          weight: Int @external
          price(currency: String!): Int @external
          shippingEstimate: Int @requires(fields: "price(currency: \\"USD\\") weight")
          shippingEstimateEUR: Int @requires(fields: "price(currency: \\"EUR\\") weight")
          category: Category @external
          isExpensiveCategory: Boolean @requires(fields: "category { averagePrice(currency: \\"USD\\") }")
        }
        type Category @external { averagePrice(currency: String!): Int }`,
      resolvers: shippingResolvers,
    },
    b: productsOwner,
  },
  cases: [
    {
      query: '{ products { upc name shippingEstimate shippingEstimateEUR isExpensiveCategory } }',
      expected: {
        data: {
          products: [
            { upc: 'p1', name: 'p-name-1', shippingEstimate: 110, shippingEstimateEUR: 165, isExpensiveCategory: false },
            { upc: 'p2', name: 'p-name-2', shippingEstimate: 440, shippingEstimateEUR: 660, isExpensiveCategory: true },
          ],
        },
      },
    },
  ],
};

interface Running {
  /** The gateway's GraphQL endpoint (`createGateway` with `--auth none`'s options, as the audit runs it). */
  url: string;
  stop(): Promise<void>;
}

async function startSuite(suite: Suite): Promise<Running> {
  const servers: { server: Server; apollo: ApolloServer }[] = [];
  const urls: Record<string, string> = {};
  for (const [name, spec] of Object.entries(suite.subgraphs)) {
    const apollo = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(spec.typeDefs), resolvers: spec.resolvers as never }]) });
    await apollo.start();
    const handler = apolloHandler(apollo, { context: async () => ({}) });
    const server = createServer((req, res) => void handler(req, res));
    servers.push({ server, apollo });
    urls[name] = `${await listen(server)}/graphql`;
  }
  const composed = composeServices(Object.entries(suite.subgraphs).map(([name, spec]) => ({ name, url: urls[name]!, typeDefs: parse(spec.typeDefs) })));
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const gateway: Gateway = await createGateway({ supergraph: { sdl: composed.supergraphSdl }, auth: { mode: 'none' } });
  const url = `${await gateway.listen()}/graphql`;
  return {
    url,
    stop: async () => {
      await gateway.close();
      await Promise.all(servers.map(async ({ server, apollo }) => (await close(server), await apollo.stop())));
    },
  };
}

async function run(url: string, query: string): Promise<unknown> {
  const response = await graphqlRequest(url, query);
  expect(response.status).toBe(200);
  return response.body;
}

for (const [name, suite] of Object.entries({
  'requires-with-argument': requiresWithArgument,
  'requires-with-argument-conflict': requiresWithArgumentConflict,
})) {
  describe(`federation audit: ${name}`, () => {
    let running: Running;
    beforeAll(async () => {
      running = await startSuite(suite);
    });
    afterAll(async () => {
      await running?.stop();
    });
    suite.cases.forEach(({ query, expected }, index) => {
      it(`case ${index + 1}: ${query.replace(/\s+/g, ' ').slice(0, 80)}`, async () => {
        expect(await run(running.url, query)).toEqual(expected);
      });
    });
  });
}

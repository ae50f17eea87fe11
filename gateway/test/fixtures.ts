import { createServer, type Server } from 'node:http';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { apolloHandler, close, listen } from '@onegraph/http';

/**
 * Two small subgraphs that have nothing to do with the CRM (products and
 * reviews), to show the gateway serving any supergraph.
 */
export const productsSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { products: [Product!]! product(upc: ID!): Product }
  type Product @key(fields: "upc") { upc: ID! name: String! price: Int! "Other products bought with this one (recursive: for depth tests)." related: [Product!]! }
`;
/** A Subscription field of the products subgraph, which the gateway feeds from the Bus (`wsPlugin` in `transports.ts`), and the entity field it resolves events by. */
const productSubscription = `type Subscription { productChanged(upc: ID!): Product } extend type Query { productById(id: ID!): Product }`;
const productsSdlWith = (subscription: boolean) => (subscription ? `${productsSdl}\n  ${productSubscription}\n` : productsSdl);
export const reviewsSdl = (extraField = '') => `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Product @key(fields: "upc") { upc: ID! reviews: [Review!]! ${extraField} }
  type Review { id: ID! body: String! stars: Int! }
`;

const products = [
  { upc: '1', name: 'Table', price: 899 },
  { upc: '2', name: 'Couch', price: 1299 },
];
const reviews: Record<string, { id: string; body: string; stars: number }[]> = {
  '1': [{ id: 'r1', body: 'Love it!', stars: 5 }],
  '2': [{ id: 'r2', body: 'Too expensive.', stars: 2 }],
};

export interface RunningSubgraph {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

async function serve(typeDefs: DocumentNode, resolvers: Record<string, unknown>): Promise<RunningSubgraph> {
  const apollo = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]) });
  await apollo.start();
  const handler = apolloHandler(apollo, { context: async () => ({}) });
  const server = createServer((req, res) => void handler(req, res));
  const url = `${await listen(server)}/graphql`;
  return {
    url,
    server,
    stop: async () => {
      await close(server);
      await apollo.stop();
    },
  };
}

export async function startProductSubgraphs(extraReviewField = '', options: { subscription?: boolean } = {}) {
  const productsSg = await serve(parse(productsSdlWith(options.subscription ?? false)), {
    Query: {
      products: () => products,
      product: (_: unknown, { upc }: { upc: string }) => products.find((p) => p.upc === upc),
      ...(options.subscription ? { productById: (_: unknown, { id }: { id: string }) => products.find((p) => p.upc === id) } : {}),
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => products.find((p) => p.upc === ref.upc),
      related: (p: { upc: string }) => products.filter((other) => other.upc !== p.upc),
    },
  });
  const reviewsSg = await serve(parse(reviewsSdl(extraReviewField)), {
    Product: {
      reviews: (p: { upc: string }) => reviews[p.upc] ?? [],
      reviewCount: (p: { upc: string }) => (reviews[p.upc] ?? []).length,
    },
  });
  return { products: productsSg, reviews: reviewsSg, stop: async () => Promise.all([productsSg.stop(), reviewsSg.stop()]) };
}

export function composeProducts(urls: { products: string; reviews: string }, extraReviewField = '', options: { subscription?: boolean } = {}): string {
  const result = composeServices([
    { name: 'products', url: urls.products, typeDefs: parse(productsSdlWith(options.subscription ?? false)) },
    { name: 'reviews', url: urls.reviews, typeDefs: parse(reviewsSdl(extraReviewField)) },
  ]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

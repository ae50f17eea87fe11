import { inventory, products, reviews, users, type Product, type Review, type User } from './data.ts';

/**
 * The four subgraphs of the public federation benchmark: the SDL its Rust
 * (async-graphql) subgraphs export, in the same Federation 1 dialect (so
 * every peer, including Federation-1-only ones, can serve it), and resolvers
 * that answer as those subgraphs do.
 *
 * Two behaviours of the originals are kept on purpose because they shape the
 * expected response: inventory's entity resolver ignores the `price` and
 * `weight` the gateway sends for `@requires`, so `shippingEstimate` is always
 * null; and reviews resolves any `User` reference to the first two reviews.
 */
export type BenchSubgraphName = 'accounts' | 'inventory' | 'products' | 'reviews';

export interface BenchSubgraphDefinition {
  typeDefs: string;
  resolvers: Record<string, Record<string, unknown>>;
}

const usersById = new Map(users.map((u) => [u.id, u]));
const productsByUpc = new Map(products.map((p) => [p.upc, p]));
const inventoryByUpc = new Map(inventory.map((i) => [i.upc, i]));
const reviewsById = new Map(reviews.map((r) => [r.id, r]));
const reviewsByUpc = new Map<string, Review[]>();
for (const r of reviews) reviewsByUpc.set(r.product.upc, [...(reviewsByUpc.get(r.product.upc) ?? []), r]);
const firstTwoReviews = reviews.slice(0, 2);

interface ReviewsUser {
  id: string;
  username: string;
  reviews: readonly Review[];
}

export const benchSubgraphs: Record<BenchSubgraphName, BenchSubgraphDefinition> = {
  accounts: {
    typeDefs: /* GraphQL */ `
      extend type Query {
        me: User
        user(id: ID!): User
        users: [User]
      }
      type User @key(fields: "id") {
        id: ID!
        name: String
        username: String
        birthday: Int
      }
    `,
    resolvers: {
      Query: {
        me: () => users[0],
        user: (_: unknown, { id }: { id: string }) => usersById.get(id) ?? null,
        users: () => users,
      },
      User: {
        __resolveReference: (ref: { id: string }): User | null => usersById.get(ref.id) ?? null,
      },
    },
  },
  inventory: {
    typeDefs: /* GraphQL */ `
      extend type Product @key(fields: "upc") {
        upc: String! @external
        weight: Int @external
        price: Int @external
        inStock: Boolean
        shippingEstimate: Int @requires(fields: "price weight")
      }
    `,
    resolvers: {
      Product: {
        // as the original: the stored item, without the representation's price and weight
        __resolveReference: (ref: { upc: string }) => {
          const item = inventoryByUpc.get(ref.upc);
          return item ? { upc: item.upc, inStock: item.inStock, price: null, weight: null } : null;
        },
        shippingEstimate: (p: { price: number | null; weight: number | null }) => {
          if (p.price === null) return null;
          if (p.price > 1000) return 0;
          return p.weight === null ? null : Math.trunc(p.weight / 2);
        },
      },
    },
  },
  products: {
    typeDefs: /* GraphQL */ `
      extend type Query {
        topProducts(first: Int = 5): [Product]
      }
      type Product @key(fields: "upc") {
        upc: String!
        name: String
        price: Int
        weight: Int
      }
    `,
    resolvers: {
      Query: {
        topProducts: (_: unknown, { first }: { first: number | null }) => products.slice(0, first ?? 5),
      },
      Product: {
        __resolveReference: (ref: { upc: string }): Product | null => productsByUpc.get(ref.upc) ?? null,
      },
    },
  },
  reviews: {
    typeDefs: /* GraphQL */ `
      type Review @key(fields: "id") {
        id: ID!
        body: String
        product: Product
        author: User @provides(fields: "username")
      }
      extend type User @key(fields: "id") {
        id: ID! @external
        username: String @external
        reviews: [Review]
      }
      extend type Product @key(fields: "upc") {
        upc: String! @external
        reviews: [Review]
      }
    `,
    resolvers: {
      Review: {
        __resolveReference: (ref: { id: string }) => reviewsById.get(ref.id) ?? null,
        author: (): ReviewsUser => ({ id: '1', username: 'urigo', reviews: firstTwoReviews }),
      },
      User: {
        __resolveReference: (ref: { id: string }): ReviewsUser => ({ id: ref.id, username: 'user', reviews: firstTwoReviews }),
      },
      Product: {
        __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
        reviews: (p: { upc: string }) => reviewsByUpc.get(p.upc) ?? [],
      },
    },
  },
};

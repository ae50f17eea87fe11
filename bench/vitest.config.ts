import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// The benchmark harness' own tests (`npm test -w @onegraph/bench`), not part of the product's `npm test`.
// As in the root config: one graphql for our code and Apollo's (Node's CommonJS build).
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

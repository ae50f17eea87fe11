import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Node resolves `graphql` to its CommonJS build (the package has no
// "exports"), and so do Apollo's packages; Vite would pick the `module`
// (.mjs) build for our code, loading graphql twice ("Duplicate graphql
// modules"). Pin the one Node uses.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

const exclude = ['**/node_modules/**', '**/.cache/**', 'bench/**'];

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    // the product's tests only: the benchmark harness is a workspace of its own (`npm test -w @onegraph/bench`)
    exclude,
    // Starts one real Kafka broker for the run (or uses KAFKA_BROKERS) and provides `kafkaBrokers`;
    // and a PostgreSQL server for the e2e-postgres project (`postgresUrl`).
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time: most of an end-to-end file's time is spent waiting
    // on Kafka (group joins, deliveries), so two overlap well on two cores
    // (the whole suite: ~6 min instead of ~12 with vitest's default of one).
    maxWorkers: 2,
    projects: [
      // every test, the end-to-end files on PGlite (the embedded default)
      { extends: true, test: { name: 'pglite', include: ['**/test/**/*.test.ts'], exclude: [...exclude, 'test/cluster/**'] } },
      // the end-to-end files again, each stack's subgraphs on databases of their own on a real
      // PostgreSQL server (started by the global setup): the production path, `DATABASE_URL` and `pg`
      { extends: true, test: { name: 'e2e-postgres', include: ['test/e2e/**/*.test.ts'] } },
      // the production topology (three brokers, PostgreSQL, two processes of each deployable) and
      // the faults it survives: one file, its tests in order on one topology
      { extends: true, test: { name: 'cluster', include: ['test/cluster/**/*.test.ts'] } },
    ],
  },
});

// Which way imports may point between the workspaces, and no import cycles.
// `npm run deps:check` (part of `npm test`) fails on any violation.
//
// Production code: each deployable's and shared package's `src/`, except what
// only demos and tests use (dev/: the stack assembly and the simulators; the
// test support package) and the benchmark.
const production = '^(gateway|schema|subgraphs/[^/]+|packages/(?!testing/)[^/]+)/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'production-imports-no-demo-or-test-code',
      severity: 'error',
      comment:
        'What ships never imports the simulators, the test support (@onegraph/testing), the stack assembly (@onegraph/stack) or the benchmark: they exist for demos and tests.',
      from: { path: production },
      to: { path: '^(dev|packages/testing|bench)/' },
    },
    {
      name: 'packages-import-no-apps',
      severity: 'error',
      comment: 'Shared packages sit below the deployables: a package never imports the gateway or a subgraph.',
      from: { path: '^packages/' },
      to: { path: '^(gateway|subgraphs)/' },
    },
    {
      name: 'workspaces-import-each-other-by-name',
      severity: 'error',
      comment:
        "Workspaces import each other by package name (`@onegraph/bus`), through the package's exports, never by a relative path into its folder (`../../bus/src/...`).",
      from: { path: '^(gateway|schema|dev/[^/]+|bench|subgraphs/[^/]+|packages/[^/]+)/' },
      to: { dependencyTypes: ['local'], pathNot: '^$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No source file takes part in an import cycle: a cycle means two modules are really one, or one layer points back up.',
      from: { path: '/src/' },
      to: { circular: true },
    },
    {
      name: 'subgraph-core-imports-nothing-above-it',
      severity: 'error',
      comment:
        "A subgraph's core (unit of work, context, rows, SQL helpers) is what every feature stands on: it never imports a feature, the consumers or the assembly at the top of src/.",
      from: { path: '^subgraphs/([^/]+)/src/core/' },
      to: { path: '^subgraphs/$1/src/', pathNot: ['^subgraphs/$1/src/(core|generated)/'] },
    },
    {
      name: 'features-import-no-assembly',
      severity: 'error',
      comment:
        "A feature uses the core and other features' functions; the files that assemble the subgraph (index, loaders, resolvers, context, seed, the consumers' registry) sit above every feature.",
      from: { path: '^subgraphs/([^/]+)/src/features/' },
      // the context type may be declared at the top (integrations): a type-only import has no load order
      to: { path: '^subgraphs/$1/src/[^/]+\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'general-gateway-knows-no-onestack-plugin',
      severity: 'error',
      comment:
        'The gateway core serves any supergraph: only the package entry (index.ts) and the CLI (main.ts) reach the One Stack plugins that a One Stack deployment installs.',
      from: { path: '^gateway/src/', pathNot: ['^gateway/src/onestack/', '^gateway/src/(index|main)\\.ts$'] },
      to: { path: '^gateway/src/onestack/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '/generated/', '^bench/results/', '\\.cache/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // workspace packages resolve through their `exports` (src/index.ts), as Node and tsx resolve them
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['main', 'types'],
    },
    skipAnalysisNotInRules: true,
  },
};

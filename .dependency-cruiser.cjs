// Which way imports may point between the workspaces, and no import cycles.
// `npm run deps:check` (part of `npm test`) fails on any violation.
//
// Production code: each deployable's and shared package's `src/`, except what
// only demos and tests use (the stack assembly, the simulators, the test
// support package) and the benchmark.
const production = '^(gateway|schema|subgraphs/[^/]+|packages/(?!testing/|stack/)[^/]+)/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'production-imports-no-demo-or-test-code',
      severity: 'error',
      comment:
        'What ships never imports the simulators, the test support (@onegraph/testing), the stack assembly (@onegraph/stack) or the benchmark: they exist for demos and tests.',
      from: { path: production },
      to: { path: '^(simulators|packages/testing|packages/stack|bench)/' },
    },
    {
      name: 'packages-import-no-apps',
      severity: 'error',
      comment:
        'Shared packages sit below the deployables: a package never imports the gateway or a subgraph. ' +
        // lead: drop this exception when the stack assembly has moved out of packages/ (next to simulators/)
        'packages/stack is the exception while it still lives in packages/.',
      from: { path: '^packages/', pathNot: '^packages/stack/' },
      to: { path: '^(gateway|subgraphs)/' },
    },
    {
      name: 'workspaces-import-each-other-by-name',
      severity: 'error',
      comment:
        "Workspaces import each other by package name (`@onegraph/bus`), through the package's exports, never by a relative path into its folder (`../../bus/src/...`).",
      from: { path: '^(gateway|schema|simulators|bench|subgraphs/[^/]+|packages/[^/]+)/' },
      to: { dependencyTypes: ['local'], pathNot: '^$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No source file takes part in an import cycle: a cycle means two modules are really one, or one layer points back up.',
      from: {
        path: '/src/',
        // lead: enable after the crm/gateway restructure merges (both still have cycles, being removed by that work)
        pathNot: '^(subgraphs/crm|gateway)/src/',
      },
      to: { circular: true },
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

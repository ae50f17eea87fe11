// Loaded with `--import` before the @mercuriusjs/gateway peer: every
// `graphql` (and `graphql/...`) that process resolves, from any package, is
// the bench workspace's `graphql-mercurius-peer` (graphql 16.14.0), so the peer
// has one graphql, the one it works with. @mercuriusjs/gateway 5.2 answers
// entity fields with "value.includes is not a function" on graphql 16.15,
// which the product uses; the product's version is chosen for the product.
// Node's synchronous hooks cover `require` (mercurius is CommonJS) as well as `import`.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'graphql' || specifier.startsWith('graphql/')) return nextResolve(`graphql-mercurius-peer${specifier.slice('graphql'.length)}`, context);
    return nextResolve(specifier, context);
  },
});

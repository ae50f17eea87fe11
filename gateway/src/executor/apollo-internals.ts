// Everything the executor reads of Apollo's packages that they do not
// document as public API, in one place, so that `test/apollo-internals.test.ts`
// can check each of them against the installed version and fail naming the
// one an upgrade moved. Pinned versions: @apollo/gateway,
// @apollo/query-planner and @apollo/federation-internals 2.14.x.
//
// Read through this module:
// - `ApolloGateway`'s private state (`ApolloGatewayInternals` below): the
//   schemas, the subgraph data sources, the query planner and its options,
//   the debug switches that make us defer to Apollo's executor; and its
//   `executor` field, which `FastGateway` wraps.
// Read elsewhere in `executor/` (and checked by the same test):
// - deep imports of @apollo/gateway's dist files: `applyRewrites` and
//   `isObjectOfType` (dist/dataRewrites.js), `generateHydratedPaths`
//   (dist/executeQueryPlan.js);
// - `buildOperationContext` (exported by @apollo/gateway, undocumented);
// - the query plan's node shapes (@apollo/query-planner): the kinds
//   Sequence, Parallel, Flatten, Fetch, Condition, Defer and Subscription;
//   FetchNode's serviceName, operation, operationName, operationDocumentNode,
//   variableUsages, requires, inputRewrites and outputRewrites; Flatten's
//   path and node; Condition's condition, ifClause and elseClause; and
//   `evaluateCondition`;
// - @apollo/federation-internals' operation model (`operationFromDocument`,
//   `Operation.collectDefaultedVariableValues`, selections' `element`,
//   `appliedDirectivesOf`, `expandFragments`, `toSelectionNode`), its type
//   predicates and `ERRORS`/`errorCodeDef`;
// - the supergraph schema's `@join__field(requires:)` directives on field
//   AST nodes (`requires-conflicts.ts`);
// - a data source's `process` options as Apollo's executor passes them
//   (`kind`, `incomingRequestContext`, `pathInIncomingRequest`,
//   `document`), and `requestContext.metrics.nonFtv1ErrorPaths`.
import type { ApolloGateway, GraphQLDataSource } from '@apollo/gateway';
import type { Schema } from '@apollo/federation-internals';
import type { QueryPlanner } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';

/**
 * What this executor reads of Apollo Gateway's private state (2.14.x): the
 * schemas, the subgraph data sources and the query planner it keeps current
 * across supergraph updates. Checked on every operation: when any is
 * missing, Apollo's own executor runs instead.
 */
export interface ApolloGatewayInternals {
  schema?: GraphQLSchema;
  apiSchema?: Schema;
  supergraphSchema?: GraphQLSchema;
  serviceMap: Record<string, { dataSource: GraphQLDataSource } | undefined>;
  queryPlanner?: QueryPlanner;
  recursiveSelectionsLimitDisabled: boolean;
  nonLocalSelectionsLimitDisabled: boolean;
  experimental_didResolveQueryPlan?: unknown;
  config: { __exposeQueryPlanExperimental?: boolean };
}

/**
 * The private state of a gateway. The one cast of the executor: these
 * members are private in Apollo's types (or not declared at all), so there
 * is no typed path to them; the contract test checks each one exists.
 */
export function internalsOf(gateway: ApolloGateway): ApolloGatewayInternals {
  return gateway as unknown as ApolloGatewayInternals;
}

/**
 * The private members a loaded gateway must have, and how each is
 * recognised: the contract test reports each one that is missing or has
 * changed shape, by name.
 */
export const expectedInternals: Record<keyof ApolloGatewayInternals, (value: unknown) => boolean> = {
  schema: (v) => typeof v === 'object' && v !== null && typeof (v as GraphQLSchema).getQueryType === 'function',
  apiSchema: (v) => typeof v === 'object' && v !== null && typeof (v as Schema).toGraphQLJSSchema === 'function',
  supergraphSchema: (v) => typeof v === 'object' && v !== null && typeof (v as GraphQLSchema).getQueryType === 'function',
  serviceMap: (v) =>
    typeof v === 'object' && v !== null && Object.values(v).every((s) => typeof (s as { dataSource?: GraphQLDataSource }).dataSource?.process === 'function'),
  queryPlanner: (v) => typeof (v as QueryPlanner | undefined)?.buildQueryPlan === 'function',
  recursiveSelectionsLimitDisabled: (v) => typeof v === 'boolean',
  nonLocalSelectionsLimitDisabled: (v) => typeof v === 'boolean',
  // unset unless configured: only its name must still be the one Apollo reads
  experimental_didResolveQueryPlan: () => true,
  config: (v) => typeof v === 'object' && v !== null,
};

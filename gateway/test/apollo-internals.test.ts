import * as federationInternals from '@apollo/federation-internals';
import * as apolloGateway from '@apollo/gateway';
import * as dataRewrites from '@apollo/gateway/dist/dataRewrites.js';
import * as executeQueryPlan from '@apollo/gateway/dist/executeQueryPlan.js';
import * as queryPlanner from '@apollo/query-planner';
import type { PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedInternals, internalsOf } from '../src/executor/apollo-internals.ts';
import { FastGateway } from '../src/executor/gateway.ts';
import { composeProducts } from './fixtures.ts';

/**
 * The contract between our executor (`src/executor/`) and the parts of
 * Apollo's packages it reads that are not public API (listed in
 * `src/executor/apollo-internals.ts`). When an `@apollo/gateway` upgrade
 * moves one of them, this test fails naming it, instead of the executor
 * silently deferring to Apollo's (or failing at run time).
 */
describe('the Apollo internals our executor reads', () => {
  let gateway: FastGateway;

  beforeAll(async () => {
    // nothing is fetched: the subgraph URLs are never called
    gateway = new FastGateway({ supergraphSdl: composeProducts({ products: 'http://127.0.0.1:9/products', reviews: 'http://127.0.0.1:9/reviews' }) });
    await gateway.load();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('ApolloGateway keeps its schemas, data sources, planner and switches where we read them', () => {
    const internals: Record<string, unknown> = { ...internalsOf(gateway) };
    const broken = Object.entries(expectedInternals)
      .filter(([name, recognise]) => !(name in internals) || !recognise(internals[name]))
      .map(([name]) => `ApolloGateway.${name}`);
    expect(broken, `@apollo/gateway internals missing or changed: ${broken.join(', ')}`).toEqual([]);
    expect(Object.keys(internalsOf(gateway).serviceMap).sort(), 'ApolloGateway.serviceMap by subgraph name').toEqual(['products', 'reviews']);
    expect(typeof gateway.executor, 'ApolloGateway.executor (wrapped by FastGateway)').toBe('function');
  });

  it('the functions imported from undocumented exports and dist files are there', () => {
    const functions: Record<string, unknown> = {
      '@apollo/gateway buildOperationContext': apolloGateway.buildOperationContext,
      '@apollo/gateway/dist/dataRewrites.js applyRewrites': dataRewrites.applyRewrites,
      '@apollo/gateway/dist/dataRewrites.js isObjectOfType': dataRewrites.isObjectOfType,
      '@apollo/gateway/dist/executeQueryPlan.js generateHydratedPaths': executeQueryPlan.generateHydratedPaths,
      '@apollo/query-planner evaluateCondition': queryPlanner.evaluateCondition,
      '@apollo/federation-internals operationFromDocument': federationInternals.operationFromDocument,
      '@apollo/federation-internals errorCodeDef': federationInternals.errorCodeDef,
      '@apollo/federation-internals ERRORS.DOWNSTREAM_SERVICE_ERROR.err': federationInternals.ERRORS.DOWNSTREAM_SERVICE_ERROR.err,
    };
    const missing = Object.entries(functions)
      .filter(([, value]) => typeof value !== 'function')
      .map(([name]) => name);
    expect(missing, `missing: ${missing.join(', ')}`).toEqual([]);
  });

  it('query plans have the node shapes the executor walks', () => {
    const { apiSchema, queryPlanner: planner } = internalsOf(gateway);
    const plan = (query: string) => planner!.buildQueryPlan(federationInternals.operationFromDocument(apiSchema!, parse(query)), {}).node as PlanNode;
    const nodes: PlanNode[] = [];
    const walk = (node: PlanNode | undefined) => {
      if (!node) return;
      nodes.push(node);
      if (node.kind === 'Sequence' || node.kind === 'Parallel') node.nodes.forEach(walk);
      if (node.kind === 'Flatten') walk(node.node);
      if (node.kind === 'Condition') [node.ifClause, node.elseClause].forEach(walk);
    };
    walk(plan('query ($withReviews: Boolean!) { products { name reviews @include(if: $withReviews) { body } } }'));
    expect(
      nodes.map((n) => n.kind),
      'plan node kinds',
    ).toEqual(expect.arrayContaining(['Sequence', 'Fetch', 'Condition', 'Flatten']));

    const fetches = nodes.filter((n) => n.kind === 'Fetch');
    const entityFetch = fetches.find((f) => f.requires);
    expect(entityFetch, 'a FetchNode of entities has `requires`').toBeDefined();
    for (const fetch of fetches) {
      const missing = ['serviceName', 'operation', 'operationKind', 'variableUsages', 'operationDocumentNode'].filter((key) => !(key in fetch));
      expect(missing, `FetchNode fields missing: ${missing.join(', ')}`).toEqual([]);
      expect(typeof fetch.operation, 'FetchNode.operation is the query text').toBe('string');
    }
    const flatten = nodes.find((n) => n.kind === 'Flatten');
    expect(flatten && Array.isArray(flatten.path) && flatten.path.includes('@'), 'FlattenNode.path spreads lists with "@"').toBe(true);
    const condition = nodes.find((n) => n.kind === 'Condition');
    expect(condition && 'condition' in condition && 'ifClause' in condition && 'elseClause' in condition, 'ConditionNode.condition, ifClause, elseClause').toBe(
      true,
    );
  });
});

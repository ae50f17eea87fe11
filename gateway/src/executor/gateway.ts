import { ApolloGateway, buildOperationContext, type GatewayConfig } from '@apollo/gateway';
import { operationFromDocument, type Operation, type Schema } from '@apollo/federation-internals';
import type { PlanNode, QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { codedError, ErrorCode } from '@onegraph/errors';
import {
  executeSync,
  GraphQLError,
  Kind,
  OperationTypeNode,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { activeSpanContext, trace, withSpan, type SpanContext } from '@onegraph/tracing';
import { InflightDeduplicator } from '../fetch/inflight.ts';
import { GATEWAY_TRACER } from '../tracer.ts';
import { internalsOf } from './apollo-internals.ts';
import { deepMerge, executeNode, sendRequest, type PlanContext } from './execute-plan.ts';
import { FetchBatcher } from './fetch-batch.ts';
import { inlineFragments, operationPart, requiresConflicts } from './requires-conflicts.ts';
import { compileShaping, shapeResponse, type CompiledShaping } from './shaping.ts';

/** An operation prepared once and reused by every request for it (same query text, operation name and schema). */
interface PreparedOperation {
  operation: ReturnType<typeof buildOperationContext>['operation'];
  fragments: ReturnType<typeof buildOperationContext>['fragments'];
  /** Built on first execution, after the first request's variables passed validation (Apollo's order). */
  executable?: Executable;
}

/**
 * A plan and its response shape, or 'apollo' when Apollo's executor must run
 * the operation. `morePlans`: the other parts of an operation planned in
 * parts (see requires-conflicts.ts), run next to `plan` and merged into its
 * result.
 */
type Executable = { plan: QueryPlan; morePlans: QueryPlan[]; operation: Operation; shaping: CompiledShaping } | 'apollo';

export interface FastGatewayOptions {
  /** Prepared operations kept per schema (the oldest are dropped past it). Default 1000. */
  maxPreparedOperations?: number;
  /**
   * Identical query operations in flight at once from the same caller share
   * one execution and its result: same caller scope, query text, operation
   * name and variables. `scope` names the caller from the request context
   * (undefined: that request is never shared); only callers with the same
   * scope share. A mutation starting makes later queries execute afresh.
   * Default: off.
   */
  deduplicate?: { scope(context: Record<string, unknown>): string | undefined };
  /**
   * Entity fetches of one execution that go to the same subgraph in the same
   * turn of the event loop are sent as one request (aliased `_entities`
   * selections). Default on.
   */
  batchEntityFetches?: boolean;
}

interface SharedExecution {
  result: GatewayExecutionResult;
  /** The span of the operation that executed it, for those that shared it to link to. */
  executedBy: SpanContext | undefined;
  /** The cache hints the subgraphs gave the execution, passed on to every request that shared it. */
  cachePolicy: { maxAge?: number; scope?: string } | undefined;
}

/**
 * Apollo Gateway with an executor of our own for its query plans. Planning
 * stays Apollo's (`@apollo/query-planner`, the same plans); the plan is
 * executed and the response shaped as Apollo's `executeQueryPlan` does,
 * with the same data, errors and paths, but each operation's plan and
 * response shape are prepared once (Apollo re-reads the operation into its
 * own representation and walks it on every request) and no no-op tracing
 * spans wrap each step.
 *
 * Apollo's executor still runs what this one does not do: usage-reporting
 * traces (`captureTraces`), `experimental_didResolveQueryPlan`, the
 * `Apollo-Query-Plan-Experimental` debug header, `@defer` and subscription
 * plans, and operations Apollo's operation reader refuses.
 */
export class FastGateway extends ApolloGateway {
  private readonly prepared = new Map<string, PreparedOperation>();
  private preparedFor: Schema | undefined;
  private readonly maxPrepared: number;
  private readonly inflight = new InflightDeduplicator<SharedExecution>();

  constructor(
    config: GatewayConfig,
    private readonly options: FastGatewayOptions = {},
  ) {
    super(config);
    this.maxPrepared = options.maxPreparedOperations ?? 1000;
    const apolloExecutor = this.executor;
    this.executor = (requestContext) => this.executeShared(requestContext, apolloExecutor);
  }

  /** Executions shared with an identical one in flight, since start. */
  get sharedExecutions(): number {
    return this.inflight.shared;
  }

  private async executeShared(requestContext: GatewayGraphQLRequestContext, apolloExecutor: ApolloGateway['executor']): Promise<GatewayExecutionResult> {
    const kind = requestContext.operation?.operation;
    if (kind === 'mutation') this.inflight.invalidate();
    const scope = kind === 'query' ? this.options.deduplicate?.scope(requestContext.context) : undefined;
    if (scope === undefined) return this.execute(requestContext, apolloExecutor);
    const { request } = requestContext;
    const key = `${scope}\n${requestContext.queryHash}\n${request.operationName ?? ''}\n${request.variables ? JSON.stringify(request.variables) : ''}`;
    let leader = false;
    const shared = await this.inflight.run(key, async () => {
      leader = true;
      const executedBy = activeSpanContext();
      const result = await this.execute(requestContext, apolloExecutor);
      const policy = requestContext.overallCachePolicy as { maxAge?: number; scope?: string } | undefined;
      return {
        result,
        executedBy,
        cachePolicy: policy
          ? { ...(policy.maxAge !== undefined ? { maxAge: policy.maxAge } : {}), ...(policy.scope !== undefined ? { scope: policy.scope } : {}) }
          : undefined,
      };
    });
    if (!leader && shared.executedBy) {
      const span = trace.getActiveSpan();
      span?.setAttribute('onegraph.execution.shared', true);
      span?.addLink({ context: shared.executedBy, attributes: { 'onegraph.link.reason': 'shared in-flight execution' } });
    }
    if (!leader && shared.cachePolicy) {
      const policy = requestContext.overallCachePolicy as { restrict?(hint: object): void } | undefined;
      policy?.restrict?.(shared.cachePolicy);
    }
    return shared.result;
  }

  private async execute(requestContext: GatewayGraphQLRequestContext, apolloExecutor: ApolloGateway['executor']): Promise<GatewayExecutionResult> {
    const internals = internalsOf(this);
    const { schema, apiSchema, supergraphSchema, queryPlanner } = internals;
    const { request } = requestContext;
    if (
      !schema ||
      !apiSchema ||
      !supergraphSchema ||
      !queryPlanner ||
      requestContext.metrics.captureTraces ||
      internals.experimental_didResolveQueryPlan ||
      (internals.config.__exposeQueryPlanExperimental && request.http?.headers.get('Apollo-Query-Plan-Experimental'))
    ) {
      return apolloExecutor(requestContext);
    }

    if (this.preparedFor !== apiSchema) {
      this.prepared.clear();
      this.preparedFor = apiSchema;
    }
    const key = `${requestContext.queryHash}\n${request.operationName ?? ''}`;
    let prepared = this.prepared.get(key);
    if (!prepared) {
      // a missing or ambiguous operation (an unknown operationName) is the caller's mistake: a coded error, not an internal one
      let built: ReturnType<typeof buildOperationContext>;
      try {
        built = buildOperationContext({
          schema,
          operationDocument: requestContext.document,
          ...(request.operationName ? { operationName: request.operationName } : {}),
        });
      } catch (error) {
        throw codedError(ErrorCode.BAD_USER_INPUT, (error as Error).message);
      }
      const { operation, fragments } = built;
      prepared = { operation, fragments };
      if (this.prepared.size >= this.maxPrepared) this.prepared.delete(this.prepared.keys().next().value!);
      this.prepared.set(key, prepared);
    }

    const variableDefinitions = prepared.operation.variableDefinitions;
    if (variableDefinitions) {
      const { errors } = getVariableValues(schema, variableDefinitions, request.variables || {});
      if (errors) return { errors };
    }

    const executable = (prepared.executable ??= withSpan(GATEWAY_TRACER, 'graphql.plan', {}, () =>
      this.prepareExecution(requestContext.document, request.operationName, prepared, apiSchema, queryPlanner),
    ));
    if (executable === 'apollo') return apolloExecutor(requestContext);
    const { plan, morePlans, operation, shaping } = executable;

    const unfiltered = Object.create(null) as Record<string, unknown>;
    const context: PlanContext = {
      requestContext,
      services: internals.serviceMap,
      supergraphSchema,
      variableDefinitions: operation.variableDefinitions,
      errors: [],
    };
    if (this.options.batchEntityFetches !== false)
      context.batcher = new FetchBatcher((serviceName, request, document) => sendRequest(context, serviceName, request, document, []));
    if (morePlans.length === 0) {
      if (plan.node) await executeNode(context, plan.node as PlanNode, { path: [], data: unfiltered, fullResult: unfiltered });
    } else {
      const results = await Promise.all(
        [plan, ...morePlans].map(async ({ node }, index) => {
          const data = index === 0 ? unfiltered : (Object.create(null) as Record<string, unknown>);
          if (node) await executeNode(context, node as PlanNode, { path: [], data, fullResult: data });
          return data;
        }),
      );
      for (const data of results.slice(1)) deepMerge(unfiltered, data);
    }

    try {
      const introspection = (selection: SelectionNode) => executeIntrospection(schema, selection, variableDefinitions, request.variables);
      const { data, errors } = shapeResponse(shaping, unfiltered, request.variables, introspection);
      if (context.errors.length === 0 && errors.length > 0) return { extensions: { valueCompletion: errors }, data };
      return context.errors.length === 0 ? { data } : { errors: context.errors as GraphQLError[], data };
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
      requestContext.logger.error(`Unexpected error during query plan execution: ${String(error)}`);
      return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
    }
  }

  /** Plans (as Apollo does: same planner, same options) and compiles the response shape; 'apollo' when Apollo's executor must run it. */
  private prepareExecution(
    document: DocumentNode,
    operationName: string | undefined,
    prepared: PreparedOperation,
    apiSchema: Schema,
    queryPlanner: QueryPlanner,
  ): Executable {
    const internals = internalsOf(this);
    let operation: Operation;
    try {
      operation = operationFromDocument(
        apiSchema,
        { kind: Kind.DOCUMENT, definitions: [prepared.operation, ...Object.values(prepared.fragments)] },
        { validate: false },
      );
    } catch {
      return 'apollo';
    }
    const planOptions = {
      recursiveSelectionsLimitDisabled: internals.recursiveSelectionsLimitDisabled,
      nonLocalSelectionsLimitDisabled: internals.nonLocalSelectionsLimitDisabled,
    };
    // planning errors are thrown to the caller, as Apollo's executor throws them
    const plan = queryPlanner.buildQueryPlan(operationFromDocument(apiSchema, document, operationName ? { operationName } : {}), planOptions);
    if (plan.node?.kind === 'Subscription' || (plan.node && hasDefer(plan.node))) return 'apollo';
    const shaping = compileShaping(operation);
    const supergraph = internals.supergraphSchema;
    if (operation.rootKind !== 'query' || !supergraph) return { plan, morePlans: [], operation, shaping };
    const inlined = inlineFragments(document, operationName);
    const parts = requiresConflicts(supergraph, inlined);
    if (!parts) return { plan, morePlans: [], operation, shaping };
    const count = Math.max(...parts.values()) + 1;
    const [first, ...more] = Array.from({ length: count }, (_, part) =>
      queryPlanner.buildQueryPlan(operationFromDocument(apiSchema, operationPart(supergraph, inlined, parts, part)), planOptions),
    );
    return { plan: first!, morePlans: more, operation, shaping };
  }
}

function hasDefer(node: PlanNode): boolean {
  switch (node.kind) {
    case 'Defer':
      return true;
    case 'Sequence':
    case 'Parallel':
      return node.nodes.some(hasDefer);
    case 'Flatten':
      return hasDefer(node.node);
    case 'Condition':
      return (node.ifClause !== undefined && hasDefer(node.ifClause)) || (node.elseClause !== undefined && hasDefer(node.elseClause));
    case 'Fetch':
      return false;
  }
}

/** `__schema`/`__type` selections, answered from the API schema (Apollo's `executeIntrospection`). */
function executeIntrospection(
  schema: GraphQLSchema,
  selection: SelectionNode,
  variableDefinitions: readonly VariableDefinitionNode[] | undefined,
  variableValues: Record<string, unknown> | undefined,
): unknown {
  const used = new Set<string>();
  visit(selection, { Variable: ({ name }) => void used.add(name.value) });
  const usedDefinitions = variableDefinitions?.filter((definition) => used.has(definition.variable.name.value));
  if (used.size !== (usedDefinitions?.length ?? 0))
    throw new Error(`Should have found all used variables ${[...used].join(',')} in definitions ${JSON.stringify(variableDefinitions)}`);
  const { data, errors } = executeSync({
    schema,
    document: {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: OperationTypeNode.QUERY,
          ...(usedDefinitions ? { variableDefinitions: usedDefinitions } : {}),
          selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
        },
      ],
    },
    rootValue: {},
    ...(variableValues ? { variableValues } : {}),
  });
  if ((errors && errors.length > 0) || !data)
    throw new Error(`Introspection query for ${JSON.stringify(selection)} should not have failed but got ${JSON.stringify(errors)}`);
  const field = selection as { alias?: { value: string }; name: { value: string } };
  const responseName = field.alias?.value ?? field.name.value;
  return Object.prototype.hasOwnProperty.call(data, responseName) ? data[responseName] : undefined;
}

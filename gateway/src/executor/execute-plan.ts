// Runs an Apollo query plan's nodes against the subgraphs, exactly as
// @apollo/gateway 2.14's `executeQueryPlan.js` does (same fetches, same
// merge into one result tree, same representations and error paths), minus
// what costs without serving us: OpenTelemetry no-op spans, usage-reporting
// trace nodes, and allocation-heavy path walking.
import type { GraphQLDataSource } from '@apollo/gateway';
import { applyRewrites, isObjectOfType } from '@apollo/gateway/dist/dataRewrites.js';
import { generateHydratedPaths } from '@apollo/gateway/dist/executeQueryPlan.js';
import { ERRORS, errorCodeDef, type VariableDefinitions } from '@apollo/federation-internals';
import { evaluateCondition, type FetchNode, type PlanNode, type QueryPlanSelectionNode, type ResponsePath } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { FetchBatcher } from './fetch-batch.ts';

type Json = Record<string, unknown>;

/** What one plan execution needs, and the fetch errors it collects. */
export interface PlanContext {
  requestContext: GatewayGraphQLRequestContext;
  /** The data source of each subgraph, by name. */
  services: Record<string, { dataSource: GraphQLDataSource } | undefined>;
  supergraphSchema: GraphQLSchema;
  variableDefinitions: VariableDefinitions;
  errors: Error[];
  /** Sends the entity fetches of this execution to each subgraph in batches; without it each is sent alone. */
  batcher?: FetchBatcher;
}

interface Cursor {
  path: ResponsePath;
  data: unknown;
  fullResult: Json;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Executes `node` into `data` (Apollo's `executeNode`, without trace nodes). */
export async function executeNode(context: PlanContext, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(context, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(context, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(context, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(context, node, cursor);
      } catch (error) {
        context.errors.push(error as Error);
      }
      return;
    case 'Condition': {
      const branch = evaluateCondition(node, context.variableDefinitions, context.requestContext.request.variables) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(context, branch, cursor);
      return;
    }
    case 'Defer':
      // plans with @defer never reach this executor (see FastGateway)
      throw new Error('@defer support is not available in the gateway');
  }
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenResultsAtPath(cursor.data, path, 0);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

/** The values at `path` (`@` spreads a list), flattened one level per `@` as Apollo's `flatMap` does. */
function flattenResultsAtPath(value: unknown, path: ResponsePath, from: number): unknown {
  if (from === path.length) return value;
  if (value === undefined || value === null) return value;
  const current = path[from];
  if (current === '@') {
    if (!Array.isArray(value)) throw new TypeError('value.flatMap is not a function');
    const out: unknown[] = [];
    for (const element of value) {
      const inner = flattenResultsAtPath(element, path, from + 1);
      if (Array.isArray(inner)) for (const item of inner) out.push(item);
      else out.push(inner);
    }
    return out;
  }
  if (typeof current !== 'string') throw new Error(`Unexpected ${typeof current} found in path`);
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`);
  const object = value as Json;
  return flattenResultsAtPath(hasOwn.call(object, current) ? object[current] : undefined, path, from + 1);
}

async function executeFetch(context: PlanContext, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = context.services[fetch.serviceName]?.dataSource;
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities: Json[] = Array.isArray(cursor.data) ? (cursor.data.filter((e) => e !== null && e !== undefined) as Json[]) : [cursor.data as Json];
  if (entities.length < 1) return;

  const variables = Object.create(null) as Json;
  if (fetch.variableUsages) {
    const provided = context.requestContext.request.variables;
    for (const name of fetch.variableUsages) {
      if (provided && hasOwn.call(provided, name) && typeof provided[name] !== 'undefined') variables[name] = provided[name];
    }
  }

  if (!fetch.requires) {
    const received = await sendOperation(context, fetch, cursor, variables);
    if (received) applyRewrites(context.supergraphSchema, fetch.outputRewrites, received);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }

  const representations: Json[] = [];
  const representationToEntity: number[] = [];
  for (let index = 0; index < entities.length; index++) {
    const representation = executeSelectionSet(context.supergraphSchema, entities[index]!, fetch.requires);
    if (representation && representation['__typename']) {
      applyRewrites(context.supergraphSchema, fetch.inputRewrites, representation);
      representations.push(representation);
      representationToEntity.push(index);
    }
  }
  if (representations.length < 1) return;
  if ('representations' in variables) throw new Error(`Variables cannot contain key "representations"`);
  const received = await sendOperation(context, fetch, cursor, { ...variables, representations });
  if (!received) return;
  const receivedEntities = received['_entities'];
  if (!(receivedEntities && Array.isArray(receivedEntities))) throw new Error(`Expected "data._entities" in response to be an array`);
  if (receivedEntities.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let i = 0; i < representations.length; i++) {
    const receivedEntity = receivedEntities[i] as Json | null;
    const existingEntity = entities[representationToEntity[i]!]!;
    if (receivedEntity && !receivedEntity['__typename']) receivedEntity['__typename'] = existingEntity['__typename'];
    applyRewrites(context.supergraphSchema, fetch.outputRewrites, receivedEntity as Json);
    deepMerge(existingEntity, receivedEntity);
  }
}

async function sendOperation(context: PlanContext, fetch: FetchNode, cursor: Cursor, variables: Json): Promise<Json | null | undefined> {
  const { requestContext } = context;
  const response =
    fetch.requires && context.batcher && fetch.operationKind === 'query'
      ? await context.batcher.load(fetch, variables)
      : await sendAlone(context, fetch, cursor, variables);
  if (response.errors) {
    const errorPath = lazyErrorPath(fetch, cursor);
    for (const error of response.errors) context.errors.push(downstreamServiceError(error, fetch.serviceName, errorPath));
    if (!response.extensions?.['ftv1']) {
      const errorPaths = response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path }));
      const metrics = requestContext.metrics as { nonFtv1ErrorPaths?: { subgraph: string; path: GraphQLFormattedError['path'] }[] };
      if (metrics.nonFtv1ErrorPaths) metrics.nonFtv1ErrorPaths.push(...errorPaths);
      else metrics.nonFtv1ErrorPaths = errorPaths;
    }
  }
  return response.data;
}

function sendAlone(context: PlanContext, fetch: FetchNode, cursor: Cursor, variables: Json) {
  return sendRequest(
    context,
    fetch.serviceName,
    { query: fetch.operation, variables, operationName: fetch.operationName },
    fetch.operationDocumentNode,
    cursor.path,
  );
}

/** One request to a subgraph through its data source, with the options Apollo's executor passes. */
export function sendRequest(
  context: PlanContext,
  serviceName: string,
  request: { query: string; variables: Json; operationName: string | undefined },
  document: DocumentNode | undefined,
  path: ResponsePath,
): Promise<GatewayGraphQLResponse> {
  const { requestContext } = context;
  return context.services[serviceName]!.dataSource.process({
    kind: 'incoming operation' as never,
    request,
    incomingRequestContext: requestContext,
    context: requestContext.context,
    document,
    pathInIncomingRequest: path,
  } as Parameters<GraphQLDataSource['process']>[0]);
}

/** A subgraph error's path in the whole response (Apollo's `makeLazyErrorPathGenerator`). */
function lazyErrorPath(fetch: FetchNode, cursor: Cursor) {
  let hydratedPaths: ResponsePath[] | undefined;
  return (errorPath: GraphQLFormattedError['path']): ResponsePath | undefined => {
    if (fetch.requires && typeof errorPath?.[1] === 'number') {
      if (!hydratedPaths) {
        hydratedPaths = [];
        generateHydratedPaths([], cursor.path, cursor.fullResult, hydratedPaths);
      }
      return [...(hydratedPaths[errorPath[1]] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...cursor.path, ...errorPath.slice()] : undefined;
  };
}

/** A subgraph's error as the gateway reports it (Apollo's `downstreamServiceError`). */
function downstreamServiceError(
  original: GraphQLFormattedError,
  serviceName: string,
  errorPath: (path: GraphQLFormattedError['path']) => ResponsePath | undefined,
): GraphQLError {
  let { message } = original;
  const { extensions } = original;
  if (!message) message = `Error while fetching subquery from service "${serviceName}"`;
  const options = { originalError: original as Error, path: errorPath(original.path), extensions: { ...extensions, serviceName } };
  const codeDef = errorCodeDef(original);
  if (!codeDef && extensions?.['code']) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

/** A representation of an entity: the fields `requires` lists (Apollo's `executeSelectionSet`). */
function executeSelectionSet(schema: GraphQLSchema, source: Json | null, selections: QueryPlanSelectionNode[]): Json | null {
  if (source === null) return null;
  const result = Object.create(null) as Json;
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const responseName = selection.alias ? selection.alias : selection.name;
      const inner = selection.selections;
      if (!hasOwn.call(source, responseName) || typeof source[responseName] === 'undefined') return null;
      const value = source[responseName];
      if (Array.isArray(value)) result[responseName] = value.map((v: Json | null) => (inner ? executeSelectionSet(schema, v, inner) : v));
      else if (inner) result[responseName] = executeSelectionSet(schema, value as Json | null, inner);
      else result[responseName] = value;
    } else {
      if (!selection.typeCondition || !source) continue;
      if (isObjectOfType(schema, source, selection.typeCondition)) deepMerge(result, executeSelectionSet(schema, source, selection.selections));
    }
  }
  return result;
}

const isObject = (value: unknown): value is Json => value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);

/** Merges `source` into `target` (Apollo's `deepMerge`: objects recursively, lists of equal length element by element). */
export function deepMerge(target: Json, source: Json | null | undefined): Json {
  if (source === undefined || source === null) return target;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    // a key the prototype has (such as `constructor` on a plain object) becomes an own property first
    if (!hasOwn.call(target, key) && key in target)
      Object.defineProperty(target, key, { configurable: true, enumerable: true, value: undefined, writable: true });
    const existing = target[key];
    if (existing && isObject(value)) {
      deepMerge(existing as Json, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        if (isObject(existing[i]) && isObject(value[i])) deepMerge(existing[i] as Json, value[i] as Json);
        else existing[i] = value[i];
      }
    } else {
      target[key] = value;
    }
  }
  return target;
}

// Entity fetches the plan sends to one subgraph at about the same time (the
// branches of a Parallel node, and sequences whose previous fetches answered
// together) go as one request: each fetch's `_entities` selection aliased
// (`_0`, `_1`, ...) with its own representations variable, and the answer
// split back into one response per fetch, as if each had been sent alone.
import type { FetchNode } from '@apollo/query-planner';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, OperationTypeNode, parse, print, visit, type DocumentNode, type OperationDefinitionNode, type VariableDefinitionNode } from 'graphql';

type Json = Record<string, unknown>;

interface Pending {
  fetch: FetchNode;
  variables: Json;
  resolve(response: GatewayGraphQLResponse): void;
  reject(error: unknown): void;
}

/** Sends one request to a subgraph (the data source's `process`). */
export type SendRequest = (
  serviceName: string,
  request: { query: string; variables: Json; operationName: string | undefined },
  document: DocumentNode,
) => Promise<GatewayGraphQLResponse>;

const mergedOperations = new WeakMap<FetchNode, Map<string, { query: string; document: DocumentNode }>>();

/** Batches the entity fetches of one plan execution per subgraph; a batch leaves once the current turn of the event loop is over. */
export class FetchBatcher {
  private readonly queues = new Map<string, Pending[]>();

  constructor(private readonly send: SendRequest) {}

  load(fetch: FetchNode, variables: Json): Promise<GatewayGraphQLResponse> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(fetch.serviceName);
      if (!queue) {
        queue = [];
        this.queues.set(fetch.serviceName, queue);
        setImmediate(() => {
          this.queues.delete(fetch.serviceName);
          void this.flush(fetch.serviceName, queue!);
        });
      }
      queue.push({ fetch, variables, resolve, reject });
    });
  }

  private async flush(serviceName: string, queue: Pending[]): Promise<void> {
    if (queue.length === 1) {
      const [only] = queue as [Pending];
      try {
        only.resolve(
          await this.send(
            serviceName,
            { query: only.fetch.operation, variables: only.variables, operationName: only.fetch.operationName },
            documentOf(only.fetch),
          ),
        );
      } catch (error) {
        only.reject(error);
      }
      return;
    }
    let response: GatewayGraphQLResponse;
    try {
      const { query, document } = mergedOperation(queue.map((p) => p.fetch));
      const variables = Object.create(null) as Json;
      queue.forEach(({ variables: own }, index) => {
        for (const [name, value] of Object.entries(own)) variables[name === 'representations' ? `representations_${index}` : name] = value;
      });
      response = await this.send(serviceName, { query, variables, operationName: undefined }, document);
    } catch (error) {
      for (const pending of queue) pending.reject(error);
      return;
    }
    queue.forEach((pending, index) => {
      const alias = `_${index}`;
      const own: GatewayGraphQLResponse = {};
      if (response.data !== undefined) own.data = response.data === null ? null : { _entities: response.data[alias] ?? null };
      // errors with a path belong to the fetch whose alias starts it; the others to the first fetch
      const errors = response.errors?.filter((error) => (error.path?.[0] === alias ? true : index === 0 && !error.path?.[0]?.toString().match(/^_\d+$/)));
      if (errors && errors.length > 0)
        own.errors = errors.map((error) => (error.path?.[0] === alias ? { ...error, path: ['_entities', ...error.path.slice(1)] } : error));
      if (response.extensions) own.extensions = response.extensions;
      if (response.http) own.http = response.http;
      pending.resolve(own);
    });
  }
}

const parsedOperations = new WeakMap<FetchNode, DocumentNode>();

/** The fetch's operation as a document (the plan carries one only when asked to). */
function documentOf(fetch: FetchNode): DocumentNode {
  if (fetch.operationDocumentNode) return fetch.operationDocumentNode;
  let document = parsedOperations.get(fetch);
  if (!document) parsedOperations.set(fetch, (document = parse(fetch.operation)));
  return document;
}

/** One operation selecting each fetch's `_entities` under an alias, its variables and fragments renamed apart. */
function mergedOperation(fetches: FetchNode[]): { query: string; document: DocumentNode } {
  const key = fetches.map((f) => f.operation).join('\n');
  let cache = mergedOperations.get(fetches[0]!);
  const cached = cache?.get(key);
  if (cached) return cached;
  const variableDefinitions = new Map<string, VariableDefinitionNode>();
  const selections: OperationDefinitionNode['selectionSet']['selections'][number][] = [];
  const definitions: DocumentNode['definitions'][number][] = [];
  fetches.forEach((fetch, index) => {
    const document = documentOf(fetch);
    const renamed = visit(document, {
      Variable: (node) => (node.name.value === 'representations' ? { ...node, name: { ...node.name, value: `representations_${index}` } } : undefined),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}_${index}` } }),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}_${index}` } }),
    });
    for (const definition of renamed.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) {
        for (const variable of definition.variableDefinitions ?? []) variableDefinitions.set(variable.variable.name.value, variable);
        for (const selection of definition.selectionSet.selections) {
          if (selection.kind !== Kind.FIELD) throw new Error('an entity fetch selects fields only');
          selections.push({ ...selection, alias: { kind: Kind.NAME, value: `_${index}` } });
        }
      } else {
        definitions.push(definition);
      }
    }
  });
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        variableDefinitions: [...variableDefinitions.values()],
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
      ...definitions,
    ],
  };
  const merged = { query: print(document), document };
  if (!cache) mergedOperations.set(fetches[0]!, (cache = new Map()));
  if (cache.size < 64) cache.set(key, merged);
  return merged;
}

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, validate, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { close, listen, type ListenOptions } from '@onegraph/http';
import { benchSubgraphs, type BenchSubgraphName } from './definitions.ts';

/** Compiled operations kept per subgraph; a gateway sends a handful of distinct ones. */
const MAX_CACHED_OPERATIONS = 1_000;

/** What a subgraph has served so far (also `GET /stats`). */
export interface SubgraphStats {
  requests: number;
  bytesIn: number;
  bytesOut: number;
}

export interface BenchSubgraph extends AsyncDisposable {
  readonly name: BenchSubgraphName;
  readonly schema: GraphQLSchema;
  readonly stats: Readonly<SubgraphStats>;
  /** Starts serving; resolves with the GraphQL endpoint URL (`.../graphql`). */
  listen(options?: ListenOptions): Promise<string>;
  close(): Promise<void>;
}

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

async function readJson(req: IncomingMessage, stats: SubgraphStats): Promise<GraphQLBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  stats.bytesIn += body.length;
  return JSON.parse(body.toString('utf8')) as GraphQLBody;
}

/**
 * One benchmark subgraph as a real GraphQL server, made as cheap as it can
 * be so the gateway in front of it is what a benchmark measures: the schema
 * comes from `@apollo/subgraph` (a real `_service` and `_entities`), each
 * distinct operation is parsed, validated and compiled with graphql-jit
 * once, and then only executed. Any query is answered, not a canned body.
 */
export function createBenchSubgraph(name: BenchSubgraphName): BenchSubgraph {
  const definition = benchSubgraphs[name];
  const schema = buildSubgraphSchema([{ typeDefs: parse(definition.typeDefs), resolvers: definition.resolvers as never }]);
  const compiled = new Map<string, CompiledQuery | readonly GraphQLError[]>();
  const stats: SubgraphStats = { requests: 0, bytesIn: 0, bytesOut: 0 };

  function compile(query: string, operationName: string | undefined): CompiledQuery | readonly GraphQLError[] {
    const key = `${operationName ?? ''}\n${query}`;
    let entry = compiled.get(key);
    if (entry) return entry;
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      if (errors.length > 0) {
        entry = errors;
      } else {
        const result = compileQuery(schema, document, operationName);
        entry = isCompiledQuery(result) ? result : (result.errors ?? [new GraphQLError('could not compile the operation')]);
      }
    } catch (error) {
      entry = [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
    }
    if (compiled.size >= MAX_CACHED_OPERATIONS) compiled.clear();
    compiled.set(key, entry);
    return entry;
  }

  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string) => {
      const length = Buffer.byteLength(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': length });
      res.end(body);
      return length;
    };
    if (req.url === '/health') return void send(200, '{"status":"ok"}');
    if (req.url === '/stats') return void send(200, JSON.stringify(stats));
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/graphql') return void send(404, '{"errors":[{"message":"Not found"}]}');
    stats.requests++;
    readJson(req, stats)
      .then(async (body) => {
        if (typeof body.query !== 'string') return send(400, '{"errors":[{"message":"Expected a query"}]}');
        const operation = compile(body.query, typeof body.operationName === 'string' ? body.operationName : undefined);
        if (!('query' in operation)) return send(400, JSON.stringify({ errors: operation }));
        const variables = typeof body.variables === 'object' && body.variables !== null ? (body.variables as Record<string, unknown>) : {};
        const result = await operation.query(undefined, {}, variables);
        stats.bytesOut += send(200, operation.stringify(result));
      })
      .catch((error: unknown) => send(400, JSON.stringify({ errors: [{ message: (error as Error).message }] })));
  });
  server.keepAliveTimeout = 60_000;

  return {
    name,
    schema,
    stats,
    listen: async (options) => `${await listen(server, options)}/graphql`,
    close: () => close(server),
    [Symbol.asyncDispose]: () => close(server),
  };
}

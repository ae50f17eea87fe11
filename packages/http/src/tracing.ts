import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, print, visit, type DocumentNode } from 'graphql';
import { bindEmitter, extractContext, failSpan, SpanKind, startSpan, trace, tracingActive, withSpan, type Span } from '@onegraph/tracing';

/**
 * Runs an HTTP request's handling inside a SERVER span that continues the
 * caller's W3C trace context (`traceparent`, `tracestate`), with the HTTP
 * server semantic-convention attributes. The GraphQL plugin below renames it
 * after the operation. Tracing off: `handle` runs alone.
 */
export async function tracedRequest(tracer: string, req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>): Promise<void> {
  if (!tracingActive()) return handle();
  const parent = extractContext(req.headers);
  const [path, query] = (req.url ?? '/').split('?', 2);
  const address = req.socket.localAddress;
  await withSpan(
    tracer,
    'GraphQL Operation',
    {
      kind: SpanKind.SERVER,
      parent,
      attributes: {
        'http.request.method': req.method ?? 'GET',
        'url.path': path ?? '/',
        ...(query ? { 'url.query': query } : {}),
        'url.scheme': 'http',
        'network.protocol.version': req.httpVersion,
        ...(address ? { 'server.address': address, 'server.port': req.socket.localPort ?? 0 } : {}),
        ...(req.socket.remoteAddress ? { 'client.address': req.socket.remoteAddress } : {}),
      },
    },
    async (span) => {
      // the body's `data`/`end` listeners run in the request's context, not the socket's
      bindEmitter(trace.setSpan(parent, span!), req);
      try {
        await handle();
      } finally {
        span!.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) failSpan(span, new Error(`HTTP ${res.statusCode}`), String(res.statusCode));
      }
    },
  );
}

export interface GraphqlSpanOptions {
  /** The tracer (instrumentation scope) name, e.g. the service's package. */
  tracer: string;
  /** Span name `{type} {name}` instead of `{type}` (operation names are client-chosen: high cardinality). Default false. */
  operationNameInSpanName?: boolean;
  /** Record the document as `graphql.document`, literals replaced by `?`. Default false. */
  includeDocument?: boolean;
}

/**
 * An Apollo Server plugin that turns the active SERVER span into the
 * OpenTelemetry GraphQL server span (named after `graphql.operation.type`,
 * with `graphql.operation.type`, `graphql.operation.name`, and the sanitized
 * `graphql.document` when enabled), and adds `graphql.parse` and
 * `graphql.validate` child spans when Apollo parses or validates (a cached
 * document skips both). Errors set the span's status and `error.type` to
 * the first error's code.
 */
export function graphqlSpanPlugin<TContext extends BaseContext>(options: GraphqlSpanOptions): ApolloServerPlugin<TContext> {
  const step = (name: string) => {
    const span = startSpan(options.tracer, name);
    return async (error?: Error) => {
      if (error) failSpan(span, error, 'GRAPHQL_PARSE_FAILED');
      span?.end();
    };
  };
  return {
    async requestDidStart() {
      if (!tracingActive()) return;
      const span: Span | undefined = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      return {
        async parsingDidStart() {
          return step('graphql.parse');
        },
        async validationDidStart() {
          const end = step('graphql.validate');
          return async (errors?: readonly Error[]) => end(errors?.[0]);
        },
        async didResolveOperation({ operation, operationName, document }) {
          const type = operation?.operation ?? 'GraphQL Operation';
          span.updateName(options.operationNameInSpanName && operationName ? `${type} ${operationName}` : type);
          span.setAttribute('graphql.operation.type', type);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
          if (options.includeDocument) span.setAttribute('graphql.document', sanitizedDocument(document));
        },
        async didEncounterErrors({ errors }) {
          const first = errors[0];
          const code = first?.extensions?.['code'];
          failSpan(span, first, typeof code === 'string' ? code : 'GRAPHQL_ERROR');
        },
      };
    },
  };
}

/**
 * Names the active SERVER span after the operation of `document` (for
 * servers other than Apollo Server: mercurius calls it before execution),
 * as `graphqlSpanPlugin` does.
 */
export function nameOperationSpan(document: DocumentNode, operationName: string | undefined, options: Omit<GraphqlSpanOptions, 'tracer'> = {}): void {
  if (!tracingActive()) return;
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((definition) => definition.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return;
  const name = operationName ?? operation.name?.value;
  span.updateName(options.operationNameInSpanName && name ? `${operation.operation} ${name}` : operation.operation);
  span.setAttribute('graphql.operation.type', operation.operation);
  if (name) span.setAttribute('graphql.operation.name', name);
  if (options.includeDocument) span.setAttribute('graphql.document', sanitizedDocument(document));
}

/** The document with every literal value replaced by `?` (variables are never part of it). */
export function sanitizedDocument(document: DocumentNode): string {
  const hidden = () => ({ kind: Kind.ENUM, value: '?' }) as const;
  return print(visit(document, { StringValue: hidden, IntValue: hidden, FloatValue: hidden }));
}

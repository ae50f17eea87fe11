import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { INTERNAL_TOKEN_HEADER } from '@onegraph/auth';
import { activeSpanContext, failSpan, injectContext, SpanKind, tracingActive, withSpan, type Span, type SpanContext } from '@onegraph/tracing';
import type { GatewayContext } from './context.ts';
import type { InflightDeduplicator } from './fetch/inflight.ts';
import { identityKey } from './fetch/identity-key.ts';
import type { IdentityTokens } from './fetch/identity-tokens.ts';
import { SubgraphFetchError, type SubgraphHttp, type SubgraphHttpResponse } from './fetch/subgraph-http.ts';
import { GATEWAY_TRACER } from './tracer.ts';
import type { GatewayInstruments } from './metrics/gateway-metrics.ts';

export interface SubgraphSourceOptions {
  /** The subgraph's name in the supergraph: the `subgraph.name` attribute of its fetch spans. */
  name?: string;
  /** The keep-alive HTTP client shared by every subgraph source of a gateway. */
  http: SubgraphHttp;
  /** The identity forwarded to the subgraph (shared by a gateway's sources); without it no identity is forwarded. */
  identityTokens?: IdentityTokens | undefined;
  /**
   * Shares one subgraph call among identical ones in flight (see
   * `GatewayOptions.deduplicateSubgraphRequests`); undefined: every call is made.
   */
  inflight?: InflightDeduplicator<SubgraphHttpResponse> | undefined;
  /** The subgraph's name (as in `join__Graph`) and where its fetches are measured; without them nothing is measured. */
  metrics?: { subgraph: string; instruments: GatewayInstruments } | undefined;
}

/**
 * A subgraph, called over keep-alive HTTP. Calls carry the caller's
 * identity as a short-lived internal token the subgraph verifies (signed
 * once per principal and reused for a while, see `IdentityTokens`), and the
 * request id for log correlation.
 *
 * It does what Apollo's `RemoteGraphQLDataSource` does, answer for answer
 * (the same request body, the same errors for HTTP failures and unreadable
 * bodies, the same cache-control hints), over `SubgraphHttp` instead of
 * `make-fetch-happen`; and it can share identical calls in flight: same
 * subgraph, query text, variables and forwarded identity, within a query
 * operation (never a mutation's).
 */
export class IdentityForwardingSource implements GraphQLDataSource<GatewayContext> {
  private readonly url: URL;

  constructor(
    url: string,
    private readonly options: SubgraphSourceOptions,
  ) {
    this.url = new URL(url);
  }

  /**
   * One CLIENT span per call (HTTP client semantic conventions and
   * `subgraph.name`), under the active span (the operation's SERVER span),
   * whose context the subgraph receives as `traceparent`. A call that
   * shares another's answer in flight links to that call's span.
   */
  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    if (!tracingActive()) return this.call(options);
    return withSpan(
      GATEWAY_TRACER,
      'POST',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': 'POST',
          'url.full': this.url.href,
          'server.address': this.url.hostname,
          'server.port': Number(this.url.port || (this.url.protocol === 'https:' ? 443 : 80)),
          ...(this.options.name ? { 'subgraph.name': this.options.name } : {}),
        },
      },
      (span) => this.call(options, span),
    );
  }

  private async call(options: GraphQLDataSourceProcessOptions<GatewayContext>, span?: Span): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = {};
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    const ctx = options.context as Partial<GatewayContext>;
    if (ctx.requestId) headers['x-request-id'] = ctx.requestId;
    const { identityTokens } = this.options;
    const principal = identityTokens ? ctx.principal : undefined;
    if (identityTokens && principal) headers[INTERNAL_TOKEN_HEADER] = await identityTokens.tokenFor(principal);
    const { query, http: _http, ...rest } = request;
    const body = JSON.stringify({ query, ...rest });

    injectContext(headers);
    let leader = false;
    const send = async () => {
      leader = true;
      const response = await this.options.http.post(this.url, headers, body);
      const sent = activeSpanContext();
      if (sent) sentBy.set(response, sent);
      return response;
    };
    // an incoming operation's fetch (not a health check or schema load), of a query
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
    const kind = incoming?.operation?.operation;
    // a mutation starting: later reads must not join calls begun before it
    if (kind === 'mutation') this.options.inflight?.invalidate();
    const shareable = this.options.inflight && kind === 'query';
    const metrics = this.options.metrics;
    const start = performance.now();
    ctx.timing?.fetchStarted();
    let response: SubgraphHttpResponse;
    try {
      // the request id is left out of the key: a shared call carries the first caller's
      response = shareable ? await this.options.inflight!.run(`${this.url.href}\n${identityKey(principal)}\n${body}`, send) : await send();
    } catch (error) {
      metrics?.instruments.fetch(metrics.subgraph, start, undefined, error instanceof Error ? error.name : 'unknown');
      throw error;
    } finally {
      ctx.timing?.fetchEnded();
    }

    if (span) {
      span.setAttribute('http.response.status_code', response.status);
      const shared = leader ? undefined : sentBy.get(response);
      if (shared) {
        span.setAttribute('onegraph.fetch.shared', true);
        span.addLink({ context: shared, attributes: { 'onegraph.link.reason': 'shared in-flight call' } });
      }
    }
    if (response.status < 200 || response.status > 299) {
      metrics?.instruments.fetch(metrics.subgraph, start, response.status, String(response.status));
      const error = this.errorFromResponse(response);
      failSpan(span, error, String(response.status));
      throw error;
    }
    const parsed = this.parseBody(response);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      metrics?.instruments.fetch(metrics.subgraph, start, response.status, 'invalid_response');
      throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    }
    if (metrics) {
      // a subgraph's GraphQL errors count as the fetch's error: the first one's code
      const errors = (parsed as { errors?: { extensions?: { code?: unknown } }[] }).errors;
      const code = errors?.[0]?.extensions?.code;
      metrics.instruments.fetch(metrics.subgraph, start, response.status, errors?.length ? (typeof code === 'string' ? code : 'graphql_error') : undefined);
    }
    const policy = incoming?.overallCachePolicy;
    if (policy && 'restrict' in policy) policy.restrict(cacheHint(header(response, 'cache-control')));
    return parsed as GatewayGraphQLResponse;
  }

  /** The body as JSON when the subgraph says it is, as text otherwise (as Apollo's `parseBody`). */
  private parseBody(response: SubgraphHttpResponse): unknown {
    const type = header(response, 'content-type');
    if (type && (type.startsWith('application/json') || type.startsWith('application/graphql-response+json'))) {
      try {
        return JSON.parse(response.body);
      } catch (error) {
        throw new SubgraphFetchError(this.url.href, error, `invalid json response body at ${this.url.href} reason: ${(error as Error).message}`);
      }
    }
    return response.body;
  }

  /** A non-2xx answer, as Apollo's `errorFromResponse` reports it. */
  private errorFromResponse(response: SubgraphHttpResponse): GraphQLError {
    const extensions: Record<string, unknown> = {
      response: { url: this.url.href, status: response.status, statusText: response.statusText, body: this.parseBody(response) },
    };
    if (response.status === 401) extensions['code'] = 'UNAUTHENTICATED';
    else if (response.status === 403) extensions['code'] = 'FORBIDDEN';
    return new GraphQLError(`${response.status}: ${response.statusText}`, { extensions });
  }
}

/** The CLIENT span that sent each response: a call sharing it links there. */
const sentBy = new WeakMap<SubgraphHttpResponse, SpanContext>();

function header(response: SubgraphHttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A subgraph's `cache-control` header as a cache hint (as Apollo's data source reads it). */
function cacheHint(value: string | undefined): { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } {
  const parsed: Record<string, string | true> = {};
  if (value) {
    for (const part of value.trim().split(/\s*,\s*/)) {
      const [k, v] = part.split(/\s*=\s*/, 2);
      parsed[k!] = v === undefined ? true : v.replace(/^"|"$/g, '');
    }
  }
  const hint: { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } = { maxAge: 0 };
  const maxAge = parsed['max-age'];
  if (typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge)) hint.maxAge = +maxAge;
  if (parsed['private'] === true) hint.scope = 'PRIVATE';
  if (parsed['public'] === true) hint.scope = 'PUBLIC';
  return hint;
}

import { boundedNames, instrumentsOf, secondsSince, type Attributes, type Metrics } from '@onegraph/metrics';

/**
 * One operation's timing, kept on its context while it runs: when it
 * started, and how long it waited on subgraphs (the union of its fetches'
 * intervals, so fetches in parallel count once). What is left is the
 * gateway's own overhead.
 */
export class OperationTiming {
  readonly start = performance.now();
  private inFlight = 0;
  private waitStart = 0;
  private waitedMs = 0;

  fetchStarted(): void {
    if (this.inFlight++ === 0) this.waitStart = performance.now();
  }

  fetchEnded(): void {
    if (--this.inFlight === 0) this.waitedMs += performance.now() - this.waitStart;
  }

  /** Seconds since the start, and of them those not spent waiting on a subgraph. */
  finish(): { total: number; overhead: number } {
    const totalMs = performance.now() - this.start;
    const waiting = this.inFlight > 0 ? this.waitedMs + (performance.now() - this.waitStart) : this.waitedMs;
    return { total: totalMs / 1000, overhead: Math.max(0, totalMs - waiting) / 1000 };
  }
}

export interface GatewayMetricsOptions {
  /** Operation names kept as labels: at most this many distinct ones, later ones are `other`. Default 100. */
  maxOperationNames?: number | undefined;
  /** The persisted operations' names: when given, every other name is `other`. */
  persistedNames?: ReadonlySet<string> | undefined;
}

/** The label of an operation that failed: the first error's code (`error.type`), absent when it succeeded. */
export type Outcome = string | undefined;

/**
 * The gateway's instruments (documented one by one in
 * docs/observability.md). Labels never carry an organisation, a user or a
 * free-form value: operation names are bounded (`boundedNames`), the rest
 * are enumerations.
 */
export function gatewayMetrics(metrics: Metrics | undefined, options: GatewayMetricsOptions = {}) {
  const make = instrumentsOf(metrics);
  const operationName = boundedNames({
    ...(options.maxOperationNames !== undefined ? { max: options.maxOperationNames } : {}),
    ...(options.persistedNames ? { allowed: () => options.persistedNames } : {}),
  });
  const request = make.duration(
    'http.server.request.duration',
    'GraphQL operations served (over HTTP and graphql-ws), by operation type, operation name and outcome (error.type: the first error code)',
  );
  const overhead = make.duration(
    'onegraph.gateway.overhead.duration',
    "The gateway's own time per operation: its duration less the time spent waiting on subgraphs",
  );
  const fetch = make.duration(
    'http.client.request.duration',
    'Subgraph fetches, per subgraph (error.type when the fetch failed or the subgraph answered errors)',
  );
  const connections = make.upDownCounter('onegraph.graphql_ws.connections', 'Open graphql-ws connections', '{connection}');
  const subscriptions = make.upDownCounter('onegraph.subscriptions.active', 'Open subscriptions per field', '{subscription}');
  const pushes = make.counter('onegraph.subscriptions.pushes', 'Events pushed to subscribers (`next` messages written), per field', '{message}');
  const tooSlow = make.counter(
    'onegraph.subscriptions.too_slow',
    'Subscribers cut off with SUBSCRIBER_TOO_SLOW (their buffer overflowed), per field',
    '{subscription}',
  );
  const resumes = make.counter(
    'onegraph.subscriptions.resumes',
    'Subscriptions that resumed from a cursor or a time (missed events replayed), per field',
    '{subscription}',
  );
  const refusals = make.counter('onegraph.rate_limit.refusals', 'Operations refused with RATE_LIMITED, per rate limit and caller class', '{operation}');

  return {
    /** An operation finished: its duration and overhead, labelled. */
    operation(timing: OperationTiming, type: string | undefined, name: string | null | undefined, outcome: Outcome): void {
      const { total, overhead: own } = timing.finish();
      const labels: Attributes = { 'graphql.operation.type': type ?? 'unknown', 'graphql.operation.name': operationName(name) };
      if (outcome) labels['error.type'] = outcome;
      request.record(total, labels);
      overhead.record(own, labels);
    },
    /** A subgraph fetch finished (`start` is its `performance.now()`). */
    fetch(subgraph: string, start: number, status: number | undefined, errorType: string | undefined): void {
      const labels: Attributes = { 'onegraph.subgraph.name': subgraph, 'http.request.method': 'POST' };
      if (status !== undefined) labels['http.response.status_code'] = status;
      if (errorType) labels['error.type'] = errorType;
      fetch.record(secondsSince(start), labels);
    },
    connectionOpened: () => connections.add(1),
    connectionClosed: () => connections.add(-1),
    subscriptionOpened: (field: string) => subscriptions.add(1, { 'graphql.field.name': field }),
    subscriptionClosed: (field: string) => subscriptions.add(-1, { 'graphql.field.name': field }),
    pushed: (field: string) => pushes.add(1, { 'graphql.field.name': field }),
    cutOffTooSlow: (field: string) => tooSlow.add(1, { 'graphql.field.name': field }),
    resumed: (field: string) => resumes.add(1, { 'graphql.field.name': field }),
    refused: (limit: string, callerClass: string) => refusals.add(1, { 'onegraph.rate_limit.name': limit, 'onegraph.caller.class': callerClass }),
  };
}

export type GatewayInstruments = ReturnType<typeof gatewayMetrics>;

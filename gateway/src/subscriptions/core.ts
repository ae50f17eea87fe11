import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Principal } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import { codedError, ErrorCode } from '@onegraph/errors';
import { isRefusal, type RequestRefusal } from '@onegraph/http';
import type { Logger } from '@onegraph/log';
import { failSpan, trace, tracingActive } from '@onegraph/tracing';
import type { GatewayContext } from '../context.ts';
import type { GatewayInstruments } from '../metrics/gateway-metrics.ts';
import { callerKey, type Caller, type OperationAdmission } from '../security/operation-admission.ts';
import { createAdmission, type AdmittedSubscription, type Execution, type SubscribeMessage } from './admission.ts';
import { BatchResolver } from './batch-resolution.ts';
import { holdEarlyEvents } from './early-events.ts';
import type { EventRouter, RoutedEvent } from './event-router.ts';
import type { SubscriptionFieldSpec } from './field-spec.ts';
import type { Payload } from './protocol.ts';
import { resumePoint } from './resume.ts';
import { createSharedResolutions } from './shared-resolution.ts';
import { SubscriptionStream, type PushTarget, type StreamLimits } from './subscription-stream.ts';
import { resolveWhileUnavailable } from './unavailable-retry.ts';

/** Subscription limits and tuning; every option has a default. */
export interface SubscriptionOptions {
  /**
   * Resolved events a subscriber may leave waiting while its socket still
   * holds the previous message, before it is cut off as a slow reader with
   * SUBSCRIBER_TOO_SLOW. Default 1000.
   */
  maxBufferedEvents?: number;
  /**
   * Events that may wait for one subscriber in all, those still being
   * resolved included (a burst the gateway is catching up with): the
   * memory bound. Default 10 000.
   */
  maxPendingEvents?: number;
  /** Bytes a subscriber's socket may hold unsent before it is cut off with SUBSCRIBER_TOO_SLOW. Default 4 MiB. */
  maxBufferedBytes?: number;
  /** How long a replay waits for a subscriber to take the events already replayed before cutting it off, in ms. Default 10 000. */
  replayStallMs?: number;
  /** How long an event's resolution is shared by subscribers of the same selection and scope, in ms. Default 5000. */
  sharedResolutionMs?: number;
  /** How long a too-slow connection gets to complete its close handshake before it is dropped, in ms. Default 2000. */
  slowCloseGraceMs?: number;
  /** Most events whose entities are resolved in one operation (per selection and scope); 1 resolves each alone. Default 16. */
  maxBatchSize?: number;
  /** Open subscriptions one connection may have; one more is refused with TOO_MANY_SUBSCRIPTIONS. Default 100. */
  maxPerConnection?: number;
  /** Open subscriptions one caller (user or key) may have across its connections and transports on this instance; one more is refused with TOO_MANY_SUBSCRIPTIONS. Default 500. */
  maxPerCaller?: number;
}

/** Counters of the fan-out since the start. */
export interface SubscriptionStats {
  /** Event resolutions run (one per event and selection and scope, while recent: shared-resolution.ts). */
  resolutions: number;
  /** Subscribers' events that took a resolution another subscriber's event had run. */
  sharedResolutions: number;
  /** Operations run to resolve them (batch-resolution.ts), and the events they resolved. */
  batches: number;
  batchedEvents: number;
}

export interface SubscriptionCoreOptions extends SubscriptionOptions {
  apollo: ApolloServer<GatewayContext>;
  /** The current API schema (it changes when the supergraph reloads). */
  schema: () => GraphQLSchema | undefined;
  /** The subscription fields served, and how each is fed. */
  fields: Readonly<Record<string, SubscriptionFieldSpec>>;
  /** The operation limits of the caller's class (as over HTTP): the errors of an operation over them. */
  checkLimits?: (schema: GraphQLSchema, document: DocumentNode, source: string, principal: Principal | undefined) => readonly GraphQLError[];
  /** Validation errors without "Did you mean …" suggestions (introspection off). Default false. */
  hideSuggestions?: boolean | undefined;
  /** The admission every operation goes through, as over HTTP: persisted operations (and the rate limit, which each transport charges). */
  admission?: OperationAdmission | undefined;
  router: EventRouter;
  /** Where missed events are replayed from. */
  bus: Bus;
  /** Where subscriptions, pushes, cut-offs and resumes are counted (on every transport). */
  instruments: GatewayInstruments;
  log: Logger;
}

/** What the core decided about one operation a transport received. */
export type Verdict =
  | { kind: 'refused'; errors: readonly GraphQLError[] }
  /** A query or mutation: the transport runs it (`execute`), after charging the caller's rate limit if it has not yet. */
  | { kind: 'operation'; execution: Execution }
  /** A subscription, counted against its caller's cap until `release` (idempotent) is called when it ends. */
  | { kind: 'subscription'; subscription: AdmittedSubscription; execution: Execution; release: () => void };

/** A connection's cap on its open subscriptions (transports with connections: graphql-ws). */
export interface ConnectionCap {
  /** Its subscriptions open now. */
  open(): number;
  max: number;
  /** Called in the same turn as the check when one more is admitted, with what stops it counting. */
  opened(release: () => void): void;
}

/** Where a transport writes a subscription's events. */
export interface StreamTransport {
  push: PushTarget;
  /** How many bytes the transport holds unsent (the socket's or response's buffer). */
  socket: { readonly bufferedAmount: number };
  /** Called once when the subscriber is cut off for being too slow (the stream has ended). */
  onTooSlow(error: GraphQLFormattedError): void;
}

/**
 * What every subscription transport shares, free of any socket (as
 * graphql-ws keeps its protocol core apart from its `use/*` adapters): the
 * admission of an operation (persisted operations, validation, limits,
 * the field's permission, guard and resume point, the caps on open
 * subscriptions per caller), running queries and mutations through Apollo,
 * and the stream of a subscription's events, resolved shared and batched.
 * `server.ts` (graphql-ws) and `event-stream.ts` (GraphQL over SSE) adapt
 * it to their transports.
 */
export function createSubscriptionCore(options: SubscriptionCoreOptions) {
  const { apollo, log, router, bus, instruments } = options;
  const limits: StreamLimits = {
    maxBufferedEvents: options.maxBufferedEvents ?? 1000,
    maxPendingEvents: Math.max(options.maxPendingEvents ?? 10_000, options.maxBufferedEvents ?? 1000),
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    writeAheadBytes: 256 * 1024,
    replayStallMs: options.replayStallMs ?? 10_000,
  };
  const maxPerCaller = options.maxPerCaller ?? 500;
  /** Open subscriptions per caller key, across connections and transports. */
  const openPerCaller = new Map<string, number>();
  const refusedWith = (refusal: RequestRefusal): Verdict => ({ kind: 'refused', errors: [codedError(refusal.refuse, refusal.message)] });
  const shared = createSharedResolutions<Payload>(options.sharedResolutionMs ?? 5_000);
  const batches = new BatchResolver();

  const run = async (request: Parameters<typeof apollo.executeOperation>[0], contextValue: GatewayContext): Promise<Payload> => {
    const response = await apollo.executeOperation<Record<string, unknown>>(request, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported over subscription transports');
    return response.body.singleResult;
  };

  const admission = createAdmission({
    schema: options.schema,
    fields: options.fields,
    checkLimits: options.checkLimits,
    run: (query, variables, context) => run({ query, variables }, context),
    resumePoint: (extensions, spec, org) => resumePoint(bus, extensions, spec, org),
    hold: (subscriber) => holdEarlyEvents(router, subscriber, limits.maxPendingEvents),
    maxBatchSize: options.maxBatchSize,
    sharedResolutionMs: options.sharedResolutionMs,
    hideSuggestions: options.hideSuggestions,
    log,
  });

  /**
   * An event's payload for a subscriber: resolved once per selection and
   * scope (shared), together with the other events of the same fetch for
   * that selection and scope (batched).
   */
  const resolveFor = (subscription: AdmittedSubscription) => {
    const runBatch = (query: string, variables: Record<string, unknown>, operationName: string | undefined) =>
      // the forwarded identity is signed once per principal and reused (fetch/identity-tokens.ts), not per resolution
      run({ query, variables, ...(operationName ? { operationName } : {}) }, { requestId: randomUUID(), principal: subscription.principal, internal: true });
    return (routed: RoutedEvent): Promise<Payload> => {
      const id = subscription.spec.entityId(routed.data);
      if (!id) return Promise.resolve({ data: null });
      // a subgraph briefly unavailable (its database restarting) is waited for: the subscriber gets the entity, not the outage
      return shared.get(`${routed.event.id}\u0000${subscription.shareKey}`, () =>
        resolveWhileUnavailable(() => batches.resolve(subscription.shareKey, subscription.template, subscription.variables, runBatch, id)),
      );
    };
  };

  /** Counts a subscription against its caller's cap: the release, or the refusal when the caller (or its connection) is at its cap. */
  const claim = (caller: Caller, openOnConnection: number, maxPerConnection: number | undefined): { release: () => void } | GraphQLError => {
    const key = callerKey(caller);
    const byCaller = openPerCaller.get(key) ?? 0;
    if ((maxPerConnection !== undefined && openOnConnection >= maxPerConnection) || byCaller >= maxPerCaller) {
      const cap = maxPerConnection !== undefined && openOnConnection >= maxPerConnection ? `${maxPerConnection} per connection` : `${maxPerCaller} per caller`;
      return codedError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `Too many open subscriptions (at most ${cap}): complete one first`);
    }
    openPerCaller.set(key, byCaller + 1);
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        const left = (openPerCaller.get(key) ?? 1) - 1;
        if (left > 0) openPerCaller.set(key, left);
        else openPerCaller.delete(key);
      },
    };
  };

  return {
    limits,
    /** The current API schema. */
    schema: options.schema,
    /**
     * Admits one operation: persisted operations (a payload may name its
     * operation by hash), then the document, limits and, for a
     * subscription, its field, permission, guard, resume point and the
     * caller's cap (and its connection's, when the transport has
     * connections).
     */
    async admit(payload: Record<string, unknown>, caller: Caller, connection?: ConnectionCap): Promise<Verdict> {
      const verdict = await admitOne(payload, caller, connection);
      describeSpan(verdict);
      return verdict;
    },
    /** Runs a query or mutation through Apollo: its result, formatted (masked) for clients. */
    execute(execution: Pick<Execution, 'document' | 'variableValues' | 'operationName'>, context: GatewayContext): Promise<Payload> {
      return run(
        {
          query: execution.document,
          variables: (execution.variableValues ?? {}) as Record<string, unknown>,
          ...(execution.operationName ? { operationName: execution.operationName } : {}),
        },
        context,
      );
    },
    /** The stream of an admitted subscription's events, written to `transport`. */
    stream(subscription: AdmittedSubscription, transport: StreamTransport): SubscriptionStream {
      return new SubscriptionStream({
        subscriber: { org: subscription.principal.org, field: subscription.field, spec: subscription.spec, key: subscription.key },
        router,
        bus,
        resolve: resolveFor(subscription),
        responseKey: subscription.responseKey,
        resume: subscription.resume,
        early: subscription.early,
        limits,
        socket: transport.socket,
        admittedIn: subscription.admittedIn,
        onTooSlow: (error) => {
          instruments.cutOffTooSlow(subscription.field);
          transport.onTooSlow(error);
        },
        // the transport's target (its frame included), each written message counted
        push: {
          ...transport.push,
          send: (message, done) =>
            transport.push.send(message, (error) => {
              if (!error) instruments.pushed(subscription.field);
              done(error);
            }),
        },
        log: log.child({ requestId: subscription.requestId }),
      });
    },
    stats: (): SubscriptionStats => ({
      resolutions: shared.stats.resolved,
      sharedResolutions: shared.stats.shared,
      batches: batches.stats.batches,
      batchedEvents: batches.stats.events,
    }),
    stop() {
      shared.stop();
      admission.stop();
    },
  };

  async function admitOne(payload: Record<string, unknown>, caller: Caller, connection?: ConnectionCap): Promise<Verdict> {
    const resolved = options.admission ? options.admission.resolve({ ...payload }, caller) : payload;
    if (isRefusal(resolved)) return refusedWith(resolved);
    const admitted = await admission.admit(resolved as unknown as SubscribeMessage, caller.principal);
    switch (admitted.kind) {
      case 'refused':
        return { kind: 'refused', errors: admitted.errors };
      case 'operation':
        return { kind: 'operation', execution: admitted.execution };
      case 'subscription': {
        // counted at once, in the same turn as the check: concurrent subscribes of one connection see each other
        const claimed = claim(caller, connection?.open() ?? 0, connection?.max);
        if (!('release' in claimed)) {
          admitted.subscription.early.stop();
          return { kind: 'refused', errors: [claimed] };
        }
        const field = admitted.subscription.field;
        instruments.subscriptionOpened(field);
        if (admitted.subscription.resume) instruments.resumed(field);
        let closed = false;
        const release = () => {
          claimed.release();
          if (closed) return;
          closed = true;
          instruments.subscriptionClosed(field);
        };
        connection?.opened(release);
        return { kind: 'subscription', subscription: admitted.subscription, execution: admitted.execution, release };
      }
      default: {
        const unreachable: never = admitted;
        throw new Error(`unknown admission ${JSON.stringify(unreachable)}`);
      }
    }
  }
}

/**
 * The active SERVER span (the SSE request's, or the one graphql-ws' adapter
 * started for a subscribe message) as the OpenTelemetry GraphQL
 * conventions name it once the operation is known: an admitted subscription
 * is `subscription` with `graphql.operation.type` and `graphql.operation.name`
 * (its context kept, so that each push links to it); a refusal marks it
 * failed with the first error's code. Queries and mutations are named by
 * Apollo's span plugin when they run.
 */
function describeSpan(verdict: Verdict): void {
  if (!tracingActive()) return;
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  switch (verdict.kind) {
    case 'refused': {
      const first = verdict.errors[0];
      const code = first?.extensions?.['code'];
      failSpan(span, first, typeof code === 'string' ? code : 'GRAPHQL_ERROR');
      return;
    }
    case 'subscription': {
      const { subscription } = verdict;
      span.updateName('subscription');
      span.setAttribute('graphql.operation.type', 'subscription');
      if (subscription.operationName) span.setAttribute('graphql.operation.name', subscription.operationName);
      span.setAttribute('onegraph.subscription.field', subscription.field);
      subscription.admittedIn = span.spanContext();
      return;
    }
    case 'operation':
      return;
    default: {
      const unreachable: never = verdict;
      throw new Error(`unknown verdict ${JSON.stringify(unreachable)}`);
    }
  }
}

export type SubscriptionCore = ReturnType<typeof createSubscriptionCore>;

import { randomUUID } from 'node:crypto';
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getVariableValues,
  parse,
  print,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { hasPermission, type Principal } from '@onegraph/auth';
import { codedError, ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';
import type { SpanContext } from '@onegraph/tracing';
import type { GatewayContext } from '../context.ts';
import { currentRequestId } from '../http/request-id.ts';
import { stableStringify } from '../stable-stringify.ts';
import { batchQuery, type BatchTemplate } from './batch-resolution.ts';
import type { EventCursor } from './cursor.ts';
import type { EarlyEvents } from './early-events.ts';
import { ENTITY_ID_VARIABLE, entityQuery, subscriptionRoot } from './entity-query.ts';
import type { Subscriber } from './event-router.ts';
import type { SubscriptionFieldSpec } from './field-spec.ts';
import type { Payload } from './protocol.ts';
import { createSharedResolutions } from './shared-resolution.ts';

/** A graphql-ws subscribe message's payload. */
export interface SubscribeMessage {
  query: string;
  variables?: Record<string, unknown> | null | undefined;
  operationName?: string | null | undefined;
  extensions?: Record<string, unknown> | null | undefined;
}

/** What an operation runs with: the document, its variables, and the context its resolutions get. */
export interface Execution {
  schema: GraphQLSchema;
  document: DocumentNode;
  variableValues: Record<string, unknown>;
  operationName: string | null;
  context: GatewayContext;
}

/** An admitted subscription: everything its stream needs. */
export interface AdmittedSubscription extends GatewayContext {
  principal: Principal;
  /** The Subscription field, how it is fed, and the subscriber's routing key. */
  field: string;
  spec: SubscriptionFieldSpec;
  key: string;
  /** `Query.<entityField>(id:)` with the subscriber's selection, for one event or a batch of them. */
  template: BatchTemplate;
  /** The client's variables the entity query uses. */
  variables: Record<string, unknown>;
  operationName: string | undefined;
  responseKey: string;
  /** Subscribers with the same one share each event's resolution (an id of their selection, variables and scope). */
  shareKey: string;
  /** Resume after this cursor (from the payload's `extensions.cursor` or `since`), or live events only. */
  resume: EventCursor | undefined;
  /** Its events since the subscribe message arrived, held while it was admitted. */
  early: EarlyEvents;
  /** The span it was admitted in (tracing on): each push links to it. */
  admittedIn?: SpanContext | undefined;
}

/** The verdict on a subscribe message: refused with errors, a query or mutation to run, or a subscription. */
export type Admission =
  | { kind: 'refused'; errors: readonly GraphQLError[] }
  | { kind: 'operation'; execution: Execution }
  | { kind: 'subscription'; execution: Execution; subscription: AdmittedSubscription };

export interface AdmissionOptions {
  /** The current API schema (undefined until the supergraph loads). */
  schema(): GraphQLSchema | undefined;
  fields: Readonly<Record<string, SubscriptionFieldSpec>>;
  /** The operation limits of the caller's class (as over HTTP): the errors of an operation over them. */
  checkLimits?: ((schema: GraphQLSchema, document: DocumentNode, source: string, principal: Principal | undefined) => readonly GraphQLError[]) | undefined;
  /** Runs a guard query with the subscriber's identity (through the supergraph). */
  run(query: string, variables: Record<string, unknown>, context: GatewayContext): Promise<Payload>;
  /** Where a subscription resumes from its payload's extensions (resume.ts), or errors refusing it. */
  resumePoint(
    extensions: Record<string, unknown> | undefined,
    spec: SubscriptionFieldSpec,
    org: string,
  ): Promise<EventCursor | readonly GraphQLError[] | undefined>;
  /** Starts holding a subscriber's events while it is admitted (early-events.ts). */
  hold(subscriber: Omit<Subscriber, 'deliver'>): EarlyEvents;
  /** Most events resolved in one operation. Default 16. */
  maxBatchSize?: number | undefined;
  /** How long a guard's verdict is shared by subscribers of the same record and scope, in ms. Default 5000. */
  sharedResolutionMs?: number | undefined;
  /** Validation errors without "Did you mean …" suggestions (when introspection is off, as over HTTP). Default false. */
  hideSuggestions?: boolean | undefined;
  log: Logger;
}

/** Parsed, validated documents and their entity queries, kept per schema. */
interface PreparedDocument {
  document: DocumentNode;
  errors: readonly GraphQLError[];
  /** By operation name and entity field: the printed entity query and the client variables it uses. */
  entityQueries: Map<string, { template: BatchTemplate; printed: string; variableNames: string[] }>;
}
const DOCUMENT_CACHE_SIZE = 1_000;
const SHARE_IDS_KEPT = 10_000;

const isErrors = (value: EventCursor | readonly GraphQLError[] | undefined): value is readonly GraphQLError[] => Array.isArray(value);
const refused = (...errors: readonly GraphQLError[]): Admission => ({ kind: 'refused', errors });
const errorsOf = (error: unknown): readonly GraphQLError[] => [
  error instanceof GraphQLError ? error : codedError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'),
];

/** A validation message without its field suggestions (as Apollo's `hideSchemaDetailsFromClientErrors` does over HTTP). */
const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean(.+?)\?$/, '');

/**
 * What an event's entity may be shared under: the principal without its user
 * id. Subscribers of one organisation with the same role, products and
 * permissions see the same entity; a payload must not depend on who the user
 * is beyond that (none of our subgraph fields do).
 */
export const scopeOf = (principal: Principal) => stableStringify({ ...principal, sub: undefined, expiresAt: undefined });

/**
 * The admission of subscribe messages, free of sockets: a message and the
 * connection's caller in, a verdict out. In order: the document (parsed and
 * validated once per schema), the operation limits, then for a
 * subscription its field, the caller's permission, its arguments, a guard
 * query (one cannot subscribe to what one cannot read), and its resume
 * point; the entity query and share key are prepared once per document.
 * The subscriber's events are held from the moment its field and key are
 * known, and dropped when it is refused.
 */
export function createAdmission(options: AdmissionOptions) {
  const { fields, log } = options;
  // fewer when the operation limits refuse that many aliases (see BatchResolver)
  const maxBatchSize = Math.max(1, options.maxBatchSize ?? 16);
  // a connect storm of one widget's subscribers checks each record once per scope, not once per subscriber
  const guards = createSharedResolutions<Payload>(options.sharedResolutionMs ?? 5_000);
  const documents = new WeakMap<GraphQLSchema, Map<string, PreparedDocument | GraphQLError>>();
  /**
   * Share keys (selection, variables and scope: hundreds of characters) as
   * short ids, so that the key of each event's resolution, made for every
   * subscriber, is short to build and hash. An id is never given to another
   * key: once the table is cleared, new subscribers get new ids (and share
   * among themselves).
   */
  const shareIds = new Map<string, string>();
  let lastShareId = 0;
  const shareIdOf = (shareKey: string) => {
    let id = shareIds.get(shareKey);
    if (id === undefined) {
      if (shareIds.size >= SHARE_IDS_KEPT) shareIds.clear();
      shareIds.set(shareKey, (id = `s${++lastShareId}`));
    }
    return id;
  };

  /** The document of a query text, parsed and validated once per schema (subscribers of one widget send the same). */
  const prepareDocument = (schema: GraphQLSchema, query: string): PreparedDocument | GraphQLError => {
    let cache = documents.get(schema);
    if (!cache) documents.set(schema, (cache = new Map()));
    let prepared = cache.get(query);
    if (!prepared) {
      try {
        const document = parse(query);
        prepared = { document, errors: validate(schema, document), entityQueries: new Map() };
      } catch (error) {
        prepared = codedError(ErrorCode.GRAPHQL_PARSE_FAILED, (error as Error).message);
      }
      if (cache.size >= DOCUMENT_CACHE_SIZE) cache.clear();
      cache.set(query, prepared);
    }
    return prepared;
  };

  /** The guard's verdict: undefined when the caller may read what it subscribes to, else the errors refusing it. */
  const checkGuard = async (field: string, spec: SubscriptionFieldSpec, args: Record<string, unknown>, principal: Principal, context: GatewayContext) => {
    const guard = spec.guard;
    if (!guard) return undefined;
    try {
      const variables = guard.variables(args);
      const result = await guards.get(`${field}\u0000${stableStringify(variables)}\u0000${scopeOf(principal)}`, () =>
        options.run(guard.query, variables, context),
      );
      if (result.errors?.length)
        return result.errors.map((e) => codedError((e.extensions?.['code'] as ErrorCode) ?? ErrorCode.INTERNAL_SERVER_ERROR, e.message));
      const missing = guard.missing(result.data ?? {}, args);
      if (missing) {
        const [type, id] = missing;
        return [codedError(ErrorCode.NOT_FOUND, `${type} ${id} was not found`, { id })];
      }
      return undefined;
    } catch (error) {
      log.error('gateway: subscription guard failed', { error: (error as Error).message });
      return errorsOf(error);
    }
  };

  async function admit(message: SubscribeMessage, principal: Principal | undefined): Promise<Admission> {
    const schema = options.schema();
    if (!schema) return refused(codedError(ErrorCode.SERVICE_UNAVAILABLE, 'The supergraph is not loaded yet'));
    const parsed = prepareDocument(schema, message.query);
    if (parsed instanceof GraphQLError) return refused(parsed);
    if (parsed.errors.length > 0) {
      return refused(
        ...parsed.errors.map((e) => codedError(ErrorCode.GRAPHQL_VALIDATION_FAILED, options.hideSuggestions ? withoutSuggestions(e.message) : e.message)),
      );
    }
    const { document } = parsed;
    const overLimits = options.checkLimits?.(schema, document, message.query, principal) ?? [];
    if (overLimits.length > 0) return refused(...overLimits);
    const context: GatewayContext = { requestId: currentRequestId() ?? randomUUID(), ...(principal ? { principal } : {}) };
    const variableValues = message.variables ?? {};
    const execution: Execution = { schema, document, variableValues, operationName: message.operationName ?? null, context };
    const root = subscriptionRoot(document, message.operationName);
    // a query or mutation over the socket: run it as over HTTP
    if (!root) return { kind: 'operation', execution };

    const field = root.field.name.value;
    const spec = fields[field];
    const fieldDef = schema.getSubscriptionType()?.getFields()[field];
    if (!spec || !fieldDef) return refused(codedError(ErrorCode.BAD_USER_INPUT, `Subscription field ${field} is not served by this gateway`));
    if (!principal) return refused(codedError(ErrorCode.UNAUTHENTICATED, 'Subscriptions need an authenticated caller'));
    // refused at once, as the field's resolution would be: not left to fail on every event
    if (!hasPermission(principal, spec.permission)) {
      return refused(codedError(ErrorCode.FORBIDDEN, `Subscribing to ${field} needs the permission ${spec.permission}`, { permission: spec.permission }));
    }
    const coerced = getVariableValues(schema, root.operation.variableDefinitions ?? [], variableValues);
    if (coerced.errors) return refused(...coerced.errors.map((e) => codedError(ErrorCode.BAD_USER_INPUT, e.message)));
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(fieldDef, root.field, coerced.coerced);
    } catch (error) {
      return refused(codedError(ErrorCode.BAD_USER_INPUT, (error as Error).message));
    }
    const key = spec.keyOf(args);
    const early = options.hold({ org: principal.org, field, spec, key });
    let admitted = false;
    try {
      const guardErrors = await checkGuard(field, spec, args, principal, context);
      if (guardErrors) return refused(...guardErrors);
      let resume: EventCursor | undefined;
      try {
        const checked = await options.resumePoint(message.extensions ?? undefined, spec, principal.org);
        if (isErrors(checked)) return refused(...checked);
        resume = checked;
      } catch (error) {
        log.error('gateway: subscription cursor check failed', { error: (error as Error).message });
        return refused(codedError(ErrorCode.SERVICE_UNAVAILABLE, 'The cursor could not be checked; try again'));
      }
      const entityKey = `${message.operationName ?? ''}\u0000${spec.entityField}`;
      let entity = parsed.entityQueries.get(entityKey);
      if (!entity) {
        const entityDocument = entityQuery(document, root, spec.entityField);
        const query = entityDocument.definitions[0] as OperationDefinitionNode;
        const texts: string[] = [];
        entity = {
          printed: print(entityDocument),
          variableNames: (query.variableDefinitions ?? []).map((d) => d.variable.name.value).filter((name) => name !== ENTITY_ID_VARIABLE),
          template: {
            query: (size) => (texts[size] ??= batchQuery(entityDocument, size)),
            operationName: query.name?.kind === Kind.NAME ? query.name.value : undefined,
            responseKey: root.field.alias?.value ?? field,
            maxSize: maxBatchSize,
          },
        };
        parsed.entityQueries.set(entityKey, entity);
      }
      const variables: Record<string, unknown> = {};
      for (const name of entity.variableNames) if (name in variableValues) variables[name] = variableValues[name];
      const { printed, template } = entity;
      const { operationName } = template;
      const subscription: AdmittedSubscription = {
        ...context,
        principal,
        field,
        spec,
        key,
        template,
        variables,
        operationName,
        responseKey: root.field.alias?.value ?? field,
        shareKey: shareIdOf(`${printed}\u0000${stableStringify(variables)}\u0000${operationName ?? ''}\u0000${scopeOf(principal)}`),
        resume,
        early,
      };
      admitted = true;
      return { kind: 'subscription', execution, subscription };
    } finally {
      if (!admitted) early.stop();
    }
  }

  return {
    admit,
    stop: () => guards.stop(),
  };
}

import { topicOf } from '@onegraph/bus';

/**
 * How a Subscription field is fed (event-driven federated subscriptions, as
 * WunderGraph Cosmo's EDFS does it): which Bus events, which of them a
 * subscriber with given arguments wants, and which entity each names. The
 * gateway resolves the subscriber's whole selection for that entity through
 * the supergraph, with `Query.<entityField>(id:)`.
 *
 * Routing is by key: a subscriber listens on one key made from its
 * arguments (`keyOf`), an event is delivered to the subscribers of each key
 * it names (`keysOf`), always within the event's organisation.
 */
export interface SubscriptionFieldSpec {
  /** What the field's `@requiresPermissions` in the crm SDL asks (a test holds them equal): checked at subscribe time. */
  permission: string;
  topic: string;
  eventTypes: readonly string[];
  /** The Query field that loads the event's entity by id. */
  entityField: string;
  entityId(data: Record<string, unknown>): string | undefined;
  /** The routing key of a subscriber with these (coerced) arguments. */
  keyOf(args: Record<string, unknown>): string;
  /** The routing keys of an event: every subscriber of the event's organisation on one of them gets it. */
  keysOf(data: Record<string, unknown>): readonly string[];
  /**
   * A query run once at subscribe time with the subscriber's identity: one
   * cannot subscribe to what one cannot read. `missing` names what the result
   * shows is not there for the caller (the subscription is then refused with
   * NOT_FOUND, as for a record that does not exist).
   */
  guard?: {
    query: string;
    variables(args: Record<string, unknown>): Record<string, unknown>;
    missing(data: Record<string, unknown>, args: Record<string, unknown>): [type: string, id: string] | undefined;
  };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const present = (...values: (string | undefined)[]): string[] => values.filter((v): v is string => v !== undefined);

/** A guard that one record, given by one argument, is readable. */
function readable(queryField: string, type: string, argument: string): NonNullable<SubscriptionFieldSpec['guard']> {
  return {
    query: `query SubscriptionGuard($id: ID!) { result: ${queryField}(id: $id) { id } }`,
    variables: (args) => ({ id: args[argument] }),
    missing: (data, args) => (data['result'] ? undefined : [type, String(args[argument])]),
  };
}

const DEAL_EVENTS = ['crm.deal.created', 'crm.deal.updated', 'crm.deal.stage_changed', 'crm.deal.won', 'crm.deal.lost'] as const;
/** `pipelineUpdated` subscribers listen on `<pipelineId or *>|<companyId or *>`. */
const ANY = '*';

export const subscriptionFields: Record<string, SubscriptionFieldSpec> = {
  companyActivity: {
    permission: 'crm.activities.read',
    topic: topicOf('crm'),
    eventTypes: ['crm.activity.logged'],
    entityField: 'activity',
    entityId: (data) => str(data['activityId']),
    keyOf: (args) => String(args['companyId']),
    keysOf: (data) => present(str(data['companyId'])),
    guard: readable('company', 'Company', 'companyId'),
  },
  contactActivity: {
    permission: 'crm.activities.read',
    topic: topicOf('crm'),
    eventTypes: ['crm.activity.logged'],
    entityField: 'activity',
    entityId: (data) => str(data['activityId']),
    keyOf: (args) => String(args['contactId']),
    keysOf: (data) => present(str(data['contactId'])),
    guard: readable('contact', 'Contact', 'contactId'),
  },
  dealUpdated: {
    permission: 'crm.deals.read',
    topic: topicOf('crm'),
    eventTypes: DEAL_EVENTS,
    entityField: 'deal',
    entityId: (data) => str(data['dealId']),
    keyOf: (args) => String(args['dealId']),
    keysOf: (data) => present(str(data['dealId'])),
    guard: readable('deal', 'Deal', 'dealId'),
  },
  pipelineUpdated: {
    permission: 'crm.deals.read',
    topic: topicOf('crm'),
    eventTypes: DEAL_EVENTS,
    entityField: 'deal',
    entityId: (data) => str(data['dealId']),
    // both filters optional: none is the organisation's every deal
    keyOf: (args) => `${str(args['pipelineId']) ?? ANY}|${str(args['companyId']) ?? ANY}`,
    keysOf: (data) => {
      const pipeline = str(data['pipelineId']);
      const company = str(data['companyId']);
      if (!pipeline || !company) return [];
      return [`${pipeline}|${company}`, `${pipeline}|${ANY}`, `${ANY}|${company}`, `${ANY}|${ANY}`];
    },
    guard: {
      query: `query SubscriptionGuard($pipelineId: ID!, $companyId: ID!, $byPipeline: Boolean!, $byCompany: Boolean!) {
        pipeline(id: $pipelineId) @include(if: $byPipeline) { id }
        company(id: $companyId) @include(if: $byCompany) { id }
      }`,
      variables: (args) => ({
        pipelineId: str(args['pipelineId']) ?? '',
        companyId: str(args['companyId']) ?? '',
        byPipeline: str(args['pipelineId']) !== undefined,
        byCompany: str(args['companyId']) !== undefined,
      }),
      missing: (data, args) => {
        const pipeline = str(args['pipelineId']);
        const company = str(args['companyId']);
        if (pipeline && !data['pipeline']) return ['Pipeline', pipeline];
        if (company && !data['company']) return ['Company', company];
        return undefined;
      },
    },
  },
};

/** The topics the gateway's consumer must read to feed every field. */
export function subscriptionTopics(): string[] {
  return [...new Set(Object.values(subscriptionFields).map((f) => f.topic))];
}

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
   * A query run once at subscribe time with the subscriber's identity; it
   * must return a non-null `result`, or the subscription is refused: one
   * cannot subscribe to what one cannot read.
   */
  guard?: { query: string; variables(args: Record<string, unknown>): Record<string, unknown>; what(args: Record<string, unknown>): [string, string] };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

export const subscriptionFields: Record<string, SubscriptionFieldSpec> = {
  companyActivity: {
    topic: topicOf('crm'),
    eventTypes: ['crm.activity.logged'],
    entityField: 'activity',
    entityId: (data) => str(data['activityId']),
    keyOf: (args) => String(args['companyId']),
    keysOf: (data) => {
      const company = str(data['companyId']);
      return company ? [company] : [];
    },
    guard: {
      query: 'query SubscriptionGuard($id: ID!) { result: company(id: $id) { id } }',
      variables: (args) => ({ id: args['companyId'] }),
      what: (args) => ['Company', String(args['companyId'])],
    },
  },
};

/** The topics the gateway's consumer must read to feed every field. */
export function subscriptionTopics(): string[] {
  return [...new Set(Object.values(subscriptionFields).map((f) => f.topic))];
}

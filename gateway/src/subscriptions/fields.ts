import { topicOf } from '@onegraph/bus';

/**
 * How a Subscription field is fed (event-driven federated subscriptions, as
 * WunderGraph Cosmo's EDFS does it): which Bus events, which of them a
 * subscriber with given arguments wants, and which entity each names. The
 * gateway resolves the subscriber's whole selection for that entity through
 * the supergraph, with `Query.<entityField>(id:)`.
 */
export interface SubscriptionFieldSpec {
  topic: string;
  eventTypes: readonly string[];
  /** The Query field that loads the event's entity by id. */
  entityField: string;
  entityId(data: Record<string, unknown>): string | undefined;
  /** Whether an event is for a subscriber with these arguments (its org is already checked). */
  matches(data: Record<string, unknown>, args: Record<string, unknown>): boolean;
  /**
   * A query run once at subscribe time with the subscriber's identity; it
   * must return a non-null `result`, or the subscription is refused: one
   * cannot subscribe to what one cannot read.
   */
  guard?: { query: string; variables(args: Record<string, unknown>): Record<string, unknown>; what(args: Record<string, unknown>): [string, string] };
}

export const subscriptionFields: Record<string, SubscriptionFieldSpec> = {
  companyActivity: {
    topic: topicOf('crm'),
    eventTypes: ['crm.activity.logged'],
    entityField: 'activity',
    entityId: (data) => (typeof data['activityId'] === 'string' ? data['activityId'] : undefined),
    matches: (data, args) => data['companyId'] === args['companyId'],
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

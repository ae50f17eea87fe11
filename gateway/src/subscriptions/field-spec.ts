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
  /** What the field's `@requiresPermissions` asks (a test holds the CRM fields' equal to the crm SDL): checked at subscribe time. */
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

import { codedError, ErrorCode } from '@onegraph/errors';
import type { Resolvers, SubscriptionResolvers } from './generated/resolvers-types.ts';

const servedByGateway = () => {
  throw codedError(ErrorCode.BAD_USER_INPUT, 'Subscriptions are served by the gateway over graphql-ws, not by the subgraph');
};

/**
 * Declared here so that the supergraph knows the fields and what they
 * return; the gateway serves them from Bus events (see docs/subscriptions.md)
 * and resolves each event's entity through the supergraph.
 */
const Subscription: SubscriptionResolvers = {
  companyActivity: { subscribe: servedByGateway },
  contactActivity: { subscribe: servedByGateway },
  pipelineUpdated: { subscribe: servedByGateway },
  dealUpdated: { subscribe: servedByGateway },
};

export const subscriptionResolvers: Resolvers = { Subscription };

import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import { OperationTiming, type GatewayInstruments } from './gateway-metrics.ts';

/**
 * Times every operation a client sent (over HTTP or graphql-ws; not the
 * entity queries that resolve subscription events, whose context is marked
 * `internal`): a fresh `OperationTiming` on the operation's context (each
 * of a batch has its own), which the subgraph fetches add their waits to,
 * recorded when the response is sent with the operation's type, name and
 * first error code.
 */
export function operationMetricsPlugin(instruments: GatewayInstruments): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.internal) return;
      const timing = new OperationTiming();
      contextValue.timing = timing;
      return {
        async willSendResponse({ operation, operationName, response, errors }) {
          const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const first = errors?.[0] ?? single?.errors?.[0];
          const code = first?.extensions?.['code'];
          const outcome = first ? (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') : undefined;
          instruments.operation(timing, operation?.operation, operationName ?? operation?.name?.value, outcome);
        },
      };
    },
  };
}

import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@onegraph/log';
import type { GatewayContext } from '../context.ts';
import { OperationTiming, type GatewayInstruments } from './gateway-metrics.ts';

/**
 * Times every operation a client sent (over HTTP or graphql-ws; not the
 * entity queries that resolve subscription events, whose context is marked
 * `internal`): a fresh `OperationTiming` on the operation's context (each
 * of a batch has its own), which the subgraph fetches add their waits to,
 * recorded when the response is sent with the operation's type, name and
 * first error code. An operation that failed unexpectedly is also logged
 * with its request id and the error ids the client got.
 */
export function operationMetricsPlugin(instruments: GatewayInstruments, log: Logger): ApolloServerPlugin<GatewayContext> {
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
          // an unexpected failure was logged under its error id (maskErrors): this line ties that id to the request's
          const errorIds = (single?.errors ?? []).flatMap((e) => (typeof e.extensions?.['errorId'] === 'string' ? [e.extensions['errorId']] : []));
          if (errorIds.length > 0)
            log.warn('gateway: operation failed', { requestId: contextValue.requestId, operationName: operationName ?? undefined, errorIds });
        },
      };
    },
  };
}

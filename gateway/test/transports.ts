import type { Client } from 'graphql-ws';
import type { GatewayPlugin } from '@onegraph/gateway';

/**
 * A subscription field, so that the gateway serves graphql-ws (queries and
 * mutations run over it as over HTTP); the products supergraph has no
 * Subscription type unless composed with one (`{ subscription: true }` in
 * fixtures.ts), so subscribing to it is otherwise refused after admission.
 */
export const wsPlugin: GatewayPlugin = {
  name: 'graphql-ws for tests',
  subscriptionFields: {
    productChanged: {
      permission: 'crm.companies.read',
      topic: 'test.products.events',
      eventTypes: ['product.changed'],
      entityField: 'productById',
      entityId: (data) => String(data['upc']),
      keyOf: (args) => String(args['upc']),
      keysOf: (data) => [String(data['upc'])],
    },
  },
};

export interface WsError {
  message: string;
  extensions?: Record<string, unknown>;
}
export interface WsResult {
  data?: Record<string, unknown> | null;
  errors?: readonly WsError[];
}

/** Runs one operation over a graphql-ws connection: its result, or the errors it was refused with. */
export function overWs(client: Client, payload: { query: string; extensions?: Record<string, unknown> }): Promise<WsResult> {
  return new Promise((resolve) => {
    let result: WsResult = {};
    client.subscribe(payload, {
      next: (value) => (result = value as WsResult),
      error: (error) => resolve({ errors: Array.isArray(error) ? (error as WsError[]) : [{ message: String(error) }] }),
      complete: () => resolve(result),
    });
  });
}
export const wsCodeOf = (result: WsResult) => result.errors?.[0]?.extensions?.['code'];

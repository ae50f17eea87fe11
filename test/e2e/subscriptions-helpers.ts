import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { inject } from 'vitest';
import WebSocket from 'ws';
import { createKafkaBus, type Bus, type KafkaBusOptions } from '@onegraph/bus';
import { graphqlRequest, TestSubscription } from '@onegraph/testing';

/** A Kafka Bus in the given namespace (a fresh one by default) on the run's broker, or on `brokers`. */
export function kafkaBus(
  namespace = `t${randomUUID().slice(0, 8)}.`,
  brokers = inject('kafkaBrokers'),
  more: Pick<KafkaBusOptions, 'retry' | 'log'> = {},
): Bus & { namespace: string } {
  return Object.assign(createKafkaBus({ brokers: brokers.split(','), clientId: 'onegraph-subscriptions-test', namespace, partitions: 3, ...more }), { namespace });
}

/** The selection a timeline widget asks for: crm fields and one from the integrations subgraph. */
export const COMPANY_ACTIVITY = /* GraphQL */ `
  subscription Timeline($companyId: ID!) {
    companyActivity(companyId: $companyId) { id type summary company { id name psa { linked } } }
  }
`;

/** A subscription of these tests: `@onegraph/testing`'s, which follows its cursor so that a retrying client resumes. */
export type LiveSubscription = TestSubscription;

/**
 * Connects to the gateway (waiting for the acknowledgement) and subscribes.
 * `retry`: reconnect (and so resubscribe with the last cursor) when the
 * connection drops, as a production client would.
 */
export async function liveSubscribe(
  url: string,
  token: string,
  options: { query?: string; variables: Record<string, unknown>; cursor?: string; since?: string; retry?: boolean },
): Promise<LiveSubscription> {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: options.retry ? 20 : 0,
    retryWait: async () => new Promise((resolve) => setTimeout(resolve, 200)),
    shouldRetry: () => options.retry === true,
    connectionParams: { authorization: `Bearer ${token}` },
    onNonLazyError: () => {},
  });
  await new Promise<void>((resolve, reject) => {
    const offConnected = client.on('connected', () => {
      offConnected();
      offClosed();
      resolve();
    });
    const offClosed = client.on('closed', (event) => {
      offConnected();
      offClosed();
      reject(new Error(`connection closed: ${(event as { code?: number }).code}`));
    });
  });
  return new TestSubscription(client, options.query ?? COMPANY_ACTIVITY, options.variables, { cursor: options.cursor, since: options.since });
}

const LOG_ACTIVITY = /* GraphQL */ `
  mutation Log($input: LogActivityInput!) { logActivity(input: $input) { id } }
`;

/** Logs `count` notes on a company's timeline through the gateway, one mutation each, in order; resolves with their ids. */
export async function logNotes(stack: { urls: { graphql: string } }, token: string, companyId: string, count: number, label = 'note'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await graphqlRequest<{ logActivity: { id: string } }>(
      stack.urls.graphql,
      LOG_ACTIVITY,
      { input: { type: 'NOTE', summary: `${label} ${i + 1}`, companyId } },
      token,
    );
    if (!res.body.data?.logActivity) throw new Error(`logActivity failed: ${JSON.stringify(res.body.errors)}`);
    ids.push(res.body.data.logActivity.id);
  }
  return ids;
}

import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll } from 'vitest';
import type { DevKeys } from '@onegraph/auth';
import { topicOf, type Bus } from '@onegraph/bus';
import type { PsaSimulator } from '@onegraph/simulators';
import { startClusterStack, type ClusterStack } from '@onegraph/stack';
import { graphqlRequest, TestSubscription, type KafkaCluster, type PostgresServer, type Topology } from '@onegraph/testing';
import { ticketEvent } from '../e2e/helpers.ts';

/** What a cluster file runs on: three brokers, one PostgreSQL server, two of each deployable as child processes. */
export interface ClusterTopology {
  kafka: KafkaCluster;
  postgres: PostgresServer;
  topology: Topology;
  /** The test's own client of the cluster, publishing as PSA does (logged in as PSA's principal). */
  bus: Bus;
  keys: DevKeys;
  /** PSA's simulator, which both subgraphs call (`PSA_API_URL`) and which publishes on the cluster. */
  psa: PsaSimulator;
  /** A Hub token of `org` (a Member unless `role` says otherwise). */
  token(org: string, role?: 'Member' | 'Admin'): Promise<string>;
}

/**
 * Starts the topology before the file's tests and stops it after them (every process, the
 * cluster, the server, the temp dir). Call at the top of a `describe`.
 */
export function useClusterTopology(): ClusterTopology {
  let started: ClusterTopology | undefined;
  let stack: ClusterStack | undefined;
  beforeAll(async () => {
    stack = await startClusterStack({
      simulate: { psa: true },
      databasePrefix: 'cluster',
      // a short connection timeout: with the database away, requests fail within it
      env: { DATABASE_CONNECT_TIMEOUT_MS: '2000' },
      keepDir: process.env.KAFKA_KEEP_RUN_DIR === '1',
    });
    const { kafka, postgres, topology, keys, simulators, productBuses, dir } = stack;
    started = {
      kafka,
      postgres,
      topology,
      bus: productBuses.psa!,
      keys,
      psa: simulators.psa,
      token: (org, role = 'Member') => keys.issueToken({ org, role, sub: role === 'Member' ? `user-${org}` : `admin-${org}` }),
    };
    console.log(`[cluster] topology up: kafka ${kafka.brokers}, postgres ${postgres.url}, logs in ${join(dir, 'logs')}`);
  }, 600_000);
  afterAll(async () => {
    await stack?.close();
  }, 180_000);
  return new Proxy({} as ClusterTopology, {
    get(_, key: keyof ClusterTopology) {
      if (!started) throw new Error('the cluster topology is used before it started');
      return started[key];
    },
  });
}

const LOG_ACTIVITY = /* GraphQL */ `
  mutation Log($input: LogActivityInput!) {
    logActivity(input: $input) {
      id
    }
  }
`;

export const COMPANY_ACTIVITY = /* GraphQL */ `
  subscription Timeline($companyId: ID!) {
    companyActivity(companyId: $companyId) {
      id
      type
      summary
    }
  }
`;

/** Logs one note through `graphqlUrl`; its summary, or null when the request failed (with its error code). */
export async function logNote(graphqlUrl: string, token: string, summary: string): Promise<{ id: string } | { code: string }> {
  try {
    const res = await graphqlRequest<{ logActivity: { id: string } }>(
      graphqlUrl,
      LOG_ACTIVITY,
      { input: { type: 'NOTE', summary, companyId: 'cmp_acme' } },
      token,
    );
    const id = res.body.data?.logActivity?.id;
    if (id) return { id };
    return { code: String(res.body.errors?.[0]?.extensions?.['code'] ?? `HTTP ${res.status}`) };
  } catch (error) {
    return { code: (error as Error).message };
  }
}

/** Publishes a PSA ticket activity for Acme, as PSA does: it reaches the timeline (and the subscribers) through crm. */
export async function publishTicket(bus: Bus, summary: string): Promise<void> {
  await bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_acme', summary }));
}

/**
 * A subscriber to Acme's timeline that knows every gateway instance: when its connection drops it
 * reconnects to the next one and resubscribes with the last cursor, as a production client behind
 * a list of gateways (or a balancer) does.
 */
export async function failoverSubscribe(graphqlUrls: readonly string[], token: string): Promise<{ sub: TestSubscription; arrivedAt: Map<string, number> }> {
  let current = 0;
  const arrivedAt = new Map<string, number>();
  let connectedOnce = false;
  const client = createClient({
    url: () => graphqlUrls[current % graphqlUrls.length]!.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 50,
    retryWait: () => new Promise((resolve) => setTimeout(resolve, 200)),
    shouldRetry: () => true,
    connectionParams: { authorization: `Bearer ${token}` },
    onNonLazyError: () => {},
    on: {
      connected: () => {
        connectedOnce = true;
      },
      // the next attempt goes to the next instance
      closed: () => {
        if (connectedOnce) current++;
      },
      message: (message) => {
        if (message.type !== 'next') return;
        const activity = message.payload.data?.['companyActivity'] as { summary?: string } | undefined;
        if (activity?.summary && !arrivedAt.has(plain(activity.summary))) arrivedAt.set(plain(activity.summary), Date.now());
      },
    },
  });
  await new Promise<void>((resolve) => {
    const off = client.on('connected', () => {
      off();
      resolve();
    });
  });
  return { sub: new TestSubscription(client, COMPANY_ACTIVITY, { companyId: 'cmp_acme' }), arrivedAt };
}

/** A timeline summary without what crm adds around a PSA ticket's (`Ticket ACM-1: <summary> (open)`). */
const plain = (summary: string) => /^Ticket [^:]+: (.*) \(\w+\)$/.exec(summary)?.[1] ?? summary;

/** The summaries a subscriber received, in order. */
export function summaries(sub: TestSubscription): string[] {
  return sub.messages.map((m) => {
    const activity = m.data?.['companyActivity'] as { summary?: string } | undefined;
    return plain(activity?.summary ?? '(none)');
  });
}

/** What a fault test reports: printed, never asserted on time. */
export interface FaultReport {
  fault: string;
  /** Events produced while the fault lasted (and not yet delivered when it struck). */
  inFlight: number;
  /** Distinct events delivered. */
  applied: number;
  duplicates: number;
  losses: number;
  /** From the fault to the last event of its window delivered, in ms. */
  recoveryMs: number;
  [more: string]: string | number;
}

/** Counts what `received` holds of `expected`, and prints the report line. */
export function report(
  fault: string,
  expected: readonly string[],
  received: readonly string[],
  inFlight: number,
  recoveryMs: number,
  more: Record<string, string | number> = {},
): FaultReport {
  const distinct = new Set(received);
  const wanted = new Set(expected);
  const result: FaultReport = {
    fault,
    inFlight,
    applied: [...distinct].filter((s) => wanted.has(s)).length,
    duplicates: received.length - distinct.size,
    losses: expected.filter((s) => !distinct.has(s)).length,
    recoveryMs,
    ...more,
  };
  // which ones, to diagnose a failure
  const seen = new Set<string>();
  const doubled = received.filter((s) => seen.size === seen.add(s).size);
  if (doubled.length > 0) result['duplicated'] = doubled.join(' | ');
  const lost = expected.filter((s) => !distinct.has(s));
  if (lost.length > 0) result['lost'] = lost.join(' | ');
  console.log(`[cluster] ${JSON.stringify(result)}`);
  return result;
}

/** A GraphQL request through `graphqlUrl` that must succeed: its data (the errors thrown otherwise). */
export async function gql<T>(graphqlUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await graphqlRequest<T>(graphqlUrl, query, variables, token);
  if (res.body.errors?.length || !res.body.data) throw new Error(`${query.trim().split('\n')[0]} failed: ${JSON.stringify(res.body.errors ?? res.status)}`);
  return res.body.data;
}

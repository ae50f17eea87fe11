import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDevKeys } from '@onegraph/auth';
import { composeSupergraph } from '@onegraph/schema';
import type { GatewayId } from '../lib/gateways.ts';
import { repoRoot } from '../lib/paths.ts';
import { startService, type Service } from '../lib/service.ts';
import type { SubgraphStats } from '../subgraphs/server.ts';
import { benchSubgraphNames, composeBenchSupergraph } from '../subgraphs/supergraph.ts';
import { BENCH_ORG } from './crm-seed.ts';

export type WorkloadId = 'testquery' | 'crm';

/** The subgraphs of a workload, running, and what a gateway needs to serve them. */
export interface WorkloadEnvironment {
  supergraphPath: string;
  auth: 'none' | 'hub';
  /** Request headers (authentication). */
  headers: Record<string, string>;
  /** Environment for every gateway of this workload. */
  gatewayEnv: Record<string, string | undefined>;
  /** The response every gateway must give, when it is known without running the baseline. */
  expected?: unknown;
  /** A problem with a response (GraphQL errors, wrong size), or undefined when it looks right. */
  check(response: unknown): string | undefined;
  subgraphPids: number[];
  /** Requests and bytes the subgraphs have served so far, when they count them. */
  subgraphTraffic?(): Promise<{ requests: number; bytes: number }>;
  stop(): Promise<void>;
}

export interface Workload {
  id: WorkloadId;
  title: string;
  /** The HTTP request body every run sends. */
  body: string;
  /** The gateways it compares; the baseline is measured first in every round. */
  gateways: GatewayId[];
  /** The performance goal: req/s as a multiple of the baseline's. */
  goal: number;
  start(tmpDir: string): Promise<WorkloadEnvironment>;
}

const file = (name: string) => readFileSync(join(repoRoot, 'bench/workloads', name), 'utf8');

function hasNoErrors(response: unknown): string | undefined {
  const { data, errors } = response as { data?: unknown; errors?: unknown[] };
  if (errors?.length) return `GraphQL errors: ${JSON.stringify(errors).slice(0, 300)}`;
  return data ? undefined : 'no data';
}

async function stopAll(services: Service[]): Promise<void> {
  await Promise.all(services.map((s) => s.stop(5_000)));
}

/** The public federation benchmark: four subgraphs, its `TestQuery`, no authentication. */
export const testQueryWorkload: Workload = {
  id: 'testquery',
  title: 'Public federation benchmark TestQuery (accounts, inventory, products, reviews)',
  body: JSON.stringify({ query: file('test-query.graphql'), operationName: 'TestQuery' }),
  gateways: ['apollo-baseline', 'ours', 'ours-tracing-1pct', 'ours-tracing-100pct', 'ours-engine', 'hive-gateway', 'hive-gateway-defaults', 'mercurius'],
  goal: 4,
  async start(tmpDir) {
    const services: Service[] = [];
    try {
      for (const name of benchSubgraphNames) {
        services.push(await startService({ name, args: ['--import', 'tsx', join(repoRoot, 'bench/subgraphs/main.ts'), name], ready: { kind: 'ready-line' } }));
      }
      const urls = Object.fromEntries(services.map((s) => [s.name, s.url])) as Parameters<typeof composeBenchSupergraph>[0];
      const supergraphPath = join(tmpDir, 'bench-supergraph.graphql');
      writeFileSync(supergraphPath, composeBenchSupergraph(urls));
      return {
        supergraphPath,
        auth: 'none',
        headers: {},
        gatewayEnv: { NODE_ENV: 'production' },
        expected: JSON.parse(file('test-query.expected.json')) as unknown,
        check: hasNoErrors,
        subgraphPids: services.map((s) => s.pid),
        async subgraphTraffic() {
          const stats = await Promise.all(services.map(async (s) => (await (await fetch(s.url.replace(/\/graphql$/, '/stats'))).json()) as SubgraphStats));
          return stats.reduce((sum, s) => ({ requests: sum.requests + s.requests, bytes: sum.bytes + s.bytesIn + s.bytesOut }), { requests: 0, bytes: 0 });
        },
        stop: () => stopAll(services),
      };
    } catch (error) {
      await stopAll(services);
      throw error;
    }
  },
};

/** Companies added to the demo organisation for the CRM workload. */
export const CRM_BENCH_COMPANIES = 200;
/** Companies per dashboard page. */
export const CRM_PAGE_SIZE = 25;

/**
 * Our own schema: the CRM dashboard query against crm (Apollo Server) and
 * integrations (mercurius) on PGlite, each in its own process. Both gateways
 * authenticate the same Hub token (ES256, the local development key) and
 * forward an internal identity token signed per request with the same
 * secret, so they do the same identity work.
 */
export const crmWorkload: Workload = {
  id: 'crm',
  title: `CRM dashboard (companies(first: ${CRM_PAGE_SIZE}) with contacts, deals, activities, psa; ${CRM_BENCH_COMPANIES} extra companies)`,
  body: JSON.stringify({ query: file('crm-dashboard.graphql'), operationName: 'CompanyDashboard', variables: { first: CRM_PAGE_SIZE } }),
  gateways: ['apollo-baseline', 'ours', 'ours-engine'],
  goal: 2,
  async start(tmpDir) {
    const secret = randomBytes(32).toString('base64url');
    const devKeysFile = join(tmpDir, 'dev-keys.json');
    const keys = await loadDevKeys(devKeysFile);
    const token = await keys.issueToken({ org: BENCH_ORG, role: 'Member', sub: 'bench-user', expiresIn: '2h' });
    const services: Service[] = [];
    try {
      const subgraph = (name: string, arg: string) =>
        startService({
          name,
          args: ['--import', 'tsx', join(repoRoot, 'bench/workloads/crm-subgraph.ts'), name, arg],
          env: { INTERNAL_TOKEN_SECRET: secret, LOG_LEVEL: 'warn' },
          ready: { kind: 'ready-line' },
          timeoutMs: 240_000,
        });
      services.push(await subgraph('crm', String(CRM_BENCH_COMPANIES)));
      const companiesFile = join(tmpDir, 'crm-companies.json');
      writeFileSync(companiesFile, JSON.stringify(services[0]!.readyLine?.['companies'] ?? []));
      services.push(await subgraph('integrations', companiesFile));
      const [crm, integrations] = services as [Service, Service];
      const supergraphPath = join(tmpDir, 'crm-supergraph.graphql');
      writeFileSync(supergraphPath, composeSupergraph({ crm: crm.url, integrations: integrations.url }));
      return {
        supergraphPath,
        auth: 'hub',
        headers: { authorization: `Bearer ${token}` },
        gatewayEnv: { INTERNAL_TOKEN_SECRET: secret, DEV_KEYS_FILE: devKeysFile, NODE_ENV: 'development' },
        check(response) {
          const problem = hasNoErrors(response);
          if (problem) return problem;
          const edges = (response as { data: { companies?: { edges?: unknown[] } } }).data.companies?.edges;
          return edges?.length === CRM_PAGE_SIZE ? undefined : `expected ${CRM_PAGE_SIZE} companies, got ${edges?.length ?? 'none'}`;
        },
        subgraphPids: services.map((s) => s.pid),
        stop: () => stopAll(services),
      };
    } catch (error) {
      await stopAll(services);
      throw error;
    }
  },
};

export const workloads: Record<WorkloadId, Workload> = { testquery: testQueryWorkload, crm: crmWorkload };

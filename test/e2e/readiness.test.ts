import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createInternalTokens } from '@onegraph/auth';
import { createMemoryBus } from '@onegraph/bus';
import { createCrmSubgraph, type CrmSubgraph } from '@onegraph/crm-subgraph';
import { createGateway, type Gateway } from '@onegraph/gateway';
import { createIntegrationsSubgraph, type IntegrationsSubgraph } from '@onegraph/integrations-subgraph';
import { createMetrics } from '@onegraph/metrics';
import { composeSupergraph } from '@onegraph/schema';

interface ReadyAnswer {
  status: 'ready' | 'not ready';
  reasons?: string[];
  checks: { name: string; ok: boolean; reason?: string }[];
}

const ready = async (base: string) => {
  const res = await fetch(`${base}/ready`);
  return { status: res.status, body: (await res.json()) as ReadyAnswer };
};

/** A port nothing listens on yet: where a subgraph will be started later. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

describe('/ready says what a service waits for, and /health stays liveness', () => {
  const bus = createMemoryBus();
  const internalTokens = createInternalTokens('a-readiness-test-secret-of-32-characters!');
  const metrics = createMetrics({ service: 'onegraph-gateway' });
  const closing: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const c of closing.reverse()) await c.close();
    await metrics.shutdown();
    await bus.close();
  });

  it('gateway: not ready while a subgraph is unreachable, naming it; ready once both answer', async () => {
    const [crmPort, integrationsPort] = [await freePort(), await freePort()];
    const urls = { crm: `http://127.0.0.1:${crmPort}/graphql`, integrations: `http://127.0.0.1:${integrationsPort}/graphql` };
    const gateway: Gateway = await createGateway({ supergraph: { sdl: composeSupergraph(urls) }, auth: { mode: 'none' }, metrics });
    closing.push(gateway);
    const base = await gateway.listen();

    const before = await ready(base);
    expect(before.status).toBe(503);
    expect(before.body.status).toBe('not ready');
    expect(before.body.checks.find((c) => c.name === 'supergraph')).toEqual({ name: 'supergraph', ok: true });
    expect(before.body.reasons).toEqual([
      expect.stringMatching(new RegExp(`^subgraph:crm: unreachable at ${urls.crm}: ECONNREFUSED`)),
      expect.stringMatching(new RegExp(`^subgraph:integrations: unreachable at ${urls.integrations}: ECONNREFUSED`)),
    ]);
    // liveness does not depend on the subgraphs
    expect((await fetch(`${base}/health`)).status).toBe(200);

    const crm: CrmSubgraph = await createCrmSubgraph({ bus, internalTokens });
    closing.push(crm);
    await crm.listen({ port: crmPort });
    const half = await ready(base);
    expect(half.status).toBe(503);
    expect(half.body.reasons).toEqual([expect.stringMatching(/^subgraph:integrations: unreachable/)]);

    const integrations: IntegrationsSubgraph = await createIntegrationsSubgraph({ bus, internalTokens });
    closing.push(integrations);
    await integrations.listen({ port: integrationsPort });
    const after = await ready(base);
    expect(after.status).toBe(200);
    expect(after.body).toEqual({
      status: 'ready',
      checks: [
        // not draining (a SIGTERM makes it 503 while requests still finish)
        { name: 'shutdown', ok: true },
        { name: 'supergraph', ok: true },
        { name: 'subgraph:crm', ok: true },
        { name: 'subgraph:integrations', ok: true },
      ],
    });
  });

  it('subgraph: not ready while its database lacks a migration this build ships; ready once applied', async () => {
    const crm: CrmSubgraph = await createCrmSubgraph({ bus, internalTokens });
    closing.push(crm);
    const base = new URL('/', await crm.listen()).href.slice(0, -1);
    expect((await ready(base)).status).toBe(200);

    // as a database restored from an older backup would be
    const { rows } = await crm.db.query<{ version: number; name: string }>(
      'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING version, name',
    );
    const behind = await ready(base);
    expect(behind.status).toBe(503);
    expect(behind.body.reasons).toEqual([expect.stringMatching(/^migrations: 1 of \d+ migrations not applied$/)]);
    expect(behind.body.checks.map((c) => [c.name, c.ok])).toEqual([
      ['shutdown', true],
      ['database', true],
      ['migrations', false],
      ['consumers', true],
    ]);

    await crm.db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [rows[0]!.version, rows[0]!.name]);
    expect((await ready(base)).status).toBe(200);
  });
});

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubTokenVerifier, createInternalTokens, DEV_AUDIENCE, DEV_ISSUER } from '@onegraph/auth';
import { createMemoryBus } from '@onegraph/bus';
import { CompanyOverviewDocument, hashOf, query, WidgetPipelineDocument } from '@onegraph/client';
import { createGateway, loadManifest, type Gateway } from '@onegraph/gateway';
import { composeSupergraph } from '@onegraph/schema';
import { graphqlRequest } from '@onegraph/testing';
import { useStack } from './fixture.ts';

const clientDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'client');

describe('@onegraph/client: built, its manifest loaded into a gateway that runs persisted operations only', { timeout: 120_000 }, () => {
  const secret = randomBytes(32).toString('hex');
  const stack = useStack({ bus: createMemoryBus(), internalTokenSecret: secret });
  let gateway: Gateway;
  let url: string;

  beforeAll(async () => {
    // the client's build: codegen's client preset writes the typed documents and persisted-documents.json
    await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: clientDir });
    const manifest = loadManifest(join(clientDir, 'src', 'generated', 'persisted-documents.json'));
    gateway = await createGateway({
      supergraph: { sdl: composeSupergraph({ crm: stack.urls.crm, integrations: stack.urls.integrations }) },
      auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: stack.keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
      internalTokens: createInternalTokens(secret),
      persistedOperations: { manifest, requiredFor: ['user'] },
    });
    url = `${await gateway.listen()}/graphql`;
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('runs the client’s operations by hash, across crm and integrations', async () => {
    const token = await stack.token('demo', 'Viewer');
    expect(hashOf(CompanyOverviewDocument)).toMatch(/^[0-9a-f]{64}$/);
    const overview = await query(url, token, CompanyOverviewDocument, { id: 'cmp_acme' }, { persisted: true });
    expect(overview.ok && overview.data.company?.name).toBe('Acme Dental Group');
    expect(overview.ok && overview.data.company?.psa?.linked).toBe(false);
    const pipeline = await query(url, token, WidgetPipelineDocument, { companyId: 'cmp_acme' }, { persisted: true });
    expect(pipeline.ok && pipeline.data.pipelineSummary?.company.name).toBe('Acme Dental Group');
  });

  it('refuses any other operation, and an unknown hash, with PERSISTED_QUERY_NOT_ALLOWED', async () => {
    const token = await stack.token('demo', 'Viewer');
    const text = await graphqlRequest(url, '{ company(id: "cmp_acme") { name } }', {}, token);
    expect(text.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });
});

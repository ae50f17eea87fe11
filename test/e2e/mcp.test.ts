import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import { useStack } from './fixture.ts';
import { ticketEvent } from './helpers.ts';

interface ToolError {
  message: string;
  extensions?: { code?: string };
}
interface Structured {
  data?: Record<string, unknown>;
  errors?: ToolError[];
  valid?: boolean;
  matches?: { type: string; sdl: string }[];
}

const structured = (result: unknown) => (result as CallToolResult).structuredContent as Structured;
const codeOf = (result: unknown) => structured(result).errors?.[0]?.extensions?.code;

describe('the MCP server for agents, driven by the official MCP client over HTTP', () => {
  const stack = useStack();
  const clients: Client[] = [];

  /** An MCP client connected to the stack's gateway with a bearer token. */
  const connect = async (token: string) => {
    const client = new Client({ name: 'onegraph-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.urls.gateway}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    clients.push(client);
    return client;
  };
  const jarvisToken = async (userToken: string) => {
    const res = await fetch(`${stack.urls.gateway}/auth/jarvis/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject_token: userToken, client_secret: stack.jarvisClientSecret }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();

  afterAll(async () => {
    for (const client of clients) await client.close();
  });

  it('answers 401 with the protected-resource metadata without a Hub or Jarvis token, and the metadata names Hub', async () => {
    const res = await fetch(`${stack.urls.gateway}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate')!;
    expect(challenge).toMatch(/^Bearer resource_metadata="http:\/\/[^"]+\/\.well-known\/oauth-protected-resource"$/);
    const metadata = (await (await fetch(/resource_metadata="([^"]+)"/.exec(challenge)![1]!)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({ resource: `${stack.urls.gateway}/mcp`, authorization_servers: ['https://hub.onestack.local'] });

    const garbage = await fetch(`${stack.urls.gateway}/mcp`, { method: 'POST', headers: { authorization: 'Bearer not-a-token' } });
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toMatch(/resource_metadata=/);
  });

  it('lists tools by the caller’s rights: an Admin sees more than a Viewer, and Jarvis no write tool', async () => {
    const admin = await toolNames(await connect(await stack.token('demo', 'Admin', 'mcp-admin')));
    const viewer = await toolNames(await connect(await stack.token('demo', 'Viewer', 'mcp-viewer')));
    const jarvis = await toolNames(await connect(await jarvisToken(await stack.token('demo', 'Admin', 'mcp-admin'))));

    expect(admin).toEqual(expect.arrayContaining(['companyOverview', 'search_schema', 'validate_query', 'run_query', 'logNote', 'failedEvents']));
    expect(viewer).toEqual(expect.arrayContaining(['companyOverview', 'openPipeline', 'recentActivity', 'search_schema', 'validate_query', 'run_query']));
    expect(viewer).not.toContain('logNote');
    expect(viewer).not.toContain('failedEvents');
    expect(admin.length).toBeGreaterThan(viewer.length);
    expect(jarvis).not.toContain('logNote');
    expect(jarvis).not.toContain('failedEvents');
    expect(jarvis).toContain('companyOverview');
  });

  it('derives input schemas from the operation variables: required non-nulls, defaults, enums, custom scalars with their format', async () => {
    const { tools } = await (await connect(await stack.token('demo', 'Viewer', 'mcp-schemas'))).listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName['companyOverview']!.inputSchema).toMatchObject({ type: 'object', required: ['companyId'], properties: { companyId: { type: 'string' } } });
    expect(byName['companyOverview']!.description).toMatch(/health score/);
    const revenue = byName['revenueDashboard']!.inputSchema;
    expect(revenue.required).toEqual(['from', 'to']);
    expect(revenue.properties!['from']).toMatchObject({ type: 'string', format: 'date' });
    expect(revenue.properties!['currency']).toMatchObject({ type: 'string', default: 'USD' });
    const activity = byName['recentActivity']!.inputSchema.properties!;
    expect(activity['since']).toMatchObject({ type: 'string', format: 'date-time' });
    expect(activity['types']).toMatchObject({ type: 'array', items: { type: 'string', enum: expect.arrayContaining(['CALL', 'NOTE', 'TICKET']) } });
  });

  it('calls an operation tool: structured content and a compact text rendering', async () => {
    const client = await connect(await stack.token('demo', 'Viewer', 'mcp-overview'));
    const result = await client.callTool({ name: 'companyOverview', arguments: { companyId: 'cmp_acme' } });
    expect(result.isError).toBeFalsy();
    expect(structured(result).data).toMatchObject({ company: { id: 'cmp_acme', name: 'Acme Dental Group', psa: { linked: expect.any(Boolean) } } });
    const text = (result.content as { type: string; text: string }[])[0]!.text;
    expect(text).toContain('name: Acme Dental Group');
    expect(text).not.toContain('{');
  });

  it('refuses bad arguments with the errors an agent can fix, before anything runs', async () => {
    const client = await connect(await stack.token('demo', 'Viewer', 'mcp-bad-args'));
    const missing = await client.callTool({ name: 'companyOverview', arguments: {} });
    expect(missing.isError).toBe(true);
    expect(codeOf(missing)).toBe('BAD_USER_INPUT');
    expect(structured(missing).errors![0]!.message).toMatch(/companyId/);
    const wrongType = await client.callTool({ name: 'revenueDashboard', arguments: { from: 'last year', to: '2026-12-31' } });
    expect(codeOf(wrongType)).toBe('BAD_USER_INPUT');
    const unknown = await client.callTool({ name: 'dealsByStage', arguments: { pipelineId: 'p', stageId: 's', color: 'red' } });
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
  });

  it('refuses a tool beyond the caller’s rights with the GraphQL code, and a write tool to Jarvis', async () => {
    const viewer = await connect(await stack.token('demo', 'Viewer', 'mcp-refused'));
    const refused = await viewer.callTool({ name: 'logNote', arguments: { companyId: 'cmp_acme', summary: 'from an agent' } });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const jarvis = await connect(await jarvisToken(await stack.token('demo', 'Admin', 'mcp-jarvis-write')));
    expect(codeOf(await jarvis.callTool({ name: 'logNote', arguments: { companyId: 'cmp_acme', summary: 'from Jarvis' } }))).toBe('FORBIDDEN');
    expect(codeOf(await jarvis.callTool({ name: 'failedEvents', arguments: {} }))).toBe('FORBIDDEN');

    // a Member may write: the write tool runs as a mutation through the gateway
    const member = await connect(await stack.token('demo', 'Member', 'mcp-writer'));
    const written = await member.callTool({ name: 'logNote', arguments: { companyId: 'cmp_brightline', summary: 'Agent note: call back Friday' } });
    expect(structured(written).data).toMatchObject({ logActivity: { type: 'NOTE', summary: 'Agent note: call back Friday' } });
  });

  it('search_schema answers SDL snippets with descriptions, only what the caller may read', async () => {
    const viewer = await connect(await stack.token('demo', 'Viewer', 'mcp-search'));
    const result = await viewer.callTool({ name: 'search_schema', arguments: { words: 'health score risk' } });
    const matches = structured(result).matches!;
    expect(matches.map((m) => m.type)).toContain('HealthScore');
    expect(matches.find((m) => m.type === 'HealthScore')!.sdl).toMatch(/"""[^"]+"""\n\s+engagement: Int!/);
    expect(JSON.stringify(matches).length).toBeLessThan(8_000);
    // failed events need crm.integrations.manage: a Viewer is shown nothing of them
    const parked = await viewer.callTool({ name: 'search_schema', arguments: { words: 'parked events' } });
    expect(JSON.stringify(structured(parked).matches)).not.toContain('parkedEvents');
    const admin = await connect(await stack.token('demo', 'Admin', 'mcp-search-admin'));
    expect(JSON.stringify(structured(await admin.callTool({ name: 'search_schema', arguments: { words: 'parked events' } })).matches)).toContain(
      'parkedEvents',
    );
  });

  it('validate_query checks the schema, the caller’s permissions and the operation limits', async () => {
    const viewer = await connect(await stack.token('demo', 'Viewer', 'mcp-validate'));
    const ok = await viewer.callTool({ name: 'validate_query', arguments: { query: '{ company(id: "cmp_acme") { name health { score } } }' } });
    expect(structured(ok)).toEqual({ valid: true, errors: [] });
    const typo = await viewer.callTool({ name: 'validate_query', arguments: { query: '{ company(id: "cmp_acme") { nmae } }' } });
    expect(structured(typo).valid).toBe(false);
    expect(codeOf(typo)).toBe('GRAPHQL_VALIDATION_FAILED');
    const forbidden = await viewer.callTool({ name: 'validate_query', arguments: { query: '{ parkedEvents { edges { node { id } } } }' } });
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
    expect(structured(forbidden).errors![0]!.message).toMatch(/crm\.integrations\.manage/);
    const jarvis = await connect(await jarvisToken(await stack.token('demo', 'Viewer', 'mcp-validate')));
    const deep = `{ companies { edges { node { deals { company { deals { company { deals { company { name } } } } } } } } } }`;
    const tooDeep = await jarvis.callTool({ name: 'validate_query', arguments: { query: deep } });
    expect(codeOf(tooDeep)).toBe('BAD_USER_INPUT');
    expect(structured(tooDeep).errors![0]!.message).toMatch(/depth/i);
  });

  it('run_query runs a read-only query with the caller’s identity and refuses mutations and subscriptions', async () => {
    const member = await connect(await stack.token('demo', 'Member', 'mcp-run'));
    const result = await member.callTool({
      name: 'run_query',
      arguments: { query: 'query ($id: ID!) { company(id: $id) { name } }', variables: { id: 'cmp_acme' } },
    });
    expect(structured(result).data).toEqual({ company: { name: 'Acme Dental Group' } });
    const mutation = await member.callTool({
      name: 'run_query',
      arguments: { query: 'mutation { logActivity(input: { type: NOTE, summary: "x", companyId: "cmp_acme" }) { id } }' },
    });
    expect(codeOf(mutation)).toBe('BAD_USER_INPUT');
    expect(structured(mutation).errors![0]!.message).toMatch(/read-only/);
    const subscription = await member.callTool({ name: 'run_query', arguments: { query: 'subscription { companyActivity(companyId: "cmp_acme") { id } }' } });
    expect(codeOf(subscription)).toBe('BAD_USER_INPUT');
  });

  it('keeps demo-2 inside its organisation through every tool and resource', async () => {
    const other = await connect(await stack.token('demo-2', 'Admin', 'mcp-demo-2'));
    const overview = await other.callTool({ name: 'companyOverview', arguments: { companyId: 'cmp_acme' } });
    expect(structured(overview).data).toMatchObject({ company: null, pipelineSummary: null });
    const ran = await other.callTool({ name: 'run_query', arguments: { query: '{ company(id: "cmp_acme") { name } companies { edges { node { id } } } }' } });
    const ids = JSON.stringify(structured(ran).data);
    expect(structured(ran).data!['company']).toBeNull();
    expect(ids).toContain('cmp_northwind');
    expect(ids).not.toContain('cmp_acme');
    const activity = await other.callTool({ name: 'recentActivity', arguments: { companyId: 'cmp_acme' } });
    expect(structured(activity).data).toEqual({ activities: { edges: [] } });
    const pipelines = await other.callTool({ name: 'pipelines', arguments: {} });
    expect(JSON.stringify(structured(pipelines).data)).not.toContain('cmp_acme');
    await expect(other.readResource({ uri: 'onegraph://company/cmp_acme/activity' })).rejects.toThrow(/not found/i);
    // demo's pipeline: its board for demo, not found for demo-2
    const demoAdmin = await connect(await stack.token('demo', 'Admin', 'mcp-pipeline'));
    const pipelineId = (structured(await demoAdmin.callTool({ name: 'pipelines', arguments: {} })).data as { pipelines: { edges: { node: { id: string } }[] } })
      .pipelines.edges[0]!.node.id;
    const board = await demoAdmin.readResource({ uri: `onegraph://pipeline/${pipelineId}` });
    expect(JSON.parse((board.contents[0] as { text: string }).text)).toMatchObject({ id: pipelineId, board: expect.any(Array) });
    await expect(other.readResource({ uri: `onegraph://pipeline/${pipelineId}` })).rejects.toThrow(/not found/i);
    await expect(other.subscribeResource({ uri: `onegraph://pipeline/${pipelineId}` })).rejects.toThrow(/not found/i);
    await expect(other.subscribeResource({ uri: 'onegraph://company/cmp_acme/activity' })).rejects.toThrow(/not found/i);

    // a session is its opener's: another identity presenting its id is told there is none
    const demo = await connect(await stack.token('demo', 'Admin', 'mcp-session-owner'));
    const sessionId = (demo.transport as StreamableHTTPClientTransport).sessionId!;
    const hijack = await fetch(`${stack.urls.gateway}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token('demo-2', 'Admin', 'mcp-demo-2')}`,
        'mcp-session-id': sessionId,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(hijack.status).toBe(404);
  });

  it('pushes notifications/resources/updated when a psa.ticket.activity for the company arrives on Kafka, and none for another org', async () => {
    /** A client watching one company's activity resource, with the updates it was told of. */
    const watch = async (org: string, companyId: string) => {
      const client = await connect(await stack.token(org, 'Viewer', `mcp-watcher-${org}`));
      const uri = `onegraph://company/${companyId}/activity`;
      const updates: string[] = [];
      const waiters: (() => void)[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
        updates.push(notification.params.uri);
        waiters.splice(0).forEach((resolve) => resolve());
      });
      const before = await client.readResource({ uri });
      expect(JSON.parse((before.contents[0] as { text: string }).text)).toMatchObject({ id: companyId });
      await client.subscribeResource({ uri });
      return { client, uri, updates, next: () => new Promise<void>((resolve) => waiters.push(resolve)) };
    };
    const demo = await watch('demo', 'cmp_cobalt');
    const other = await watch('demo-2', 'cmp_northwind');

    // demo-2's ticket reaches demo-2's watcher only
    const otherUpdated = other.next();
    await stack.bus.publish(topicOf('psa'), ticketEvent('demo-2', { crmCompanyId: 'cmp_northwind', ticketNumber: 'NW-1', summary: 'Not for demo' }));
    await otherUpdated;
    // then demo's: demo's watcher is told, and was told of nothing before
    const demoUpdated = demo.next();
    await stack.bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_cobalt', ticketNumber: 'COB-7', summary: 'VPN drops every hour' }));
    await demoUpdated;
    expect(demo.updates).toEqual([demo.uri]);
    expect(other.updates).toEqual([other.uri]);

    const after = await demo.client.readResource({ uri: demo.uri });
    expect((after.contents[0] as { text: string }).text).toContain('COB-7');
    expect((after.contents[0] as { text: string }).text).not.toContain('NW-1');
  });
});

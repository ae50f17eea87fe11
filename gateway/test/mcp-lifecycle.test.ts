import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubTokenVerifier, createInternalTokens, DEV_AUDIENCE, DEV_ISSUER, loadDevKeys, type DevKeys } from '@onegraph/auth';
import { createGateway, mcpPlugin, type Gateway, type McpOptions } from '@onegraph/gateway';
import { createLogger } from '@onegraph/log';
import { composeProducts, startProductSubgraphs } from './fixtures.ts';

/** The MCP session's life on the gateway: readiness, idle expiry, and the gateway's close with a stream open. */
describe('MCP sessions: readiness, idle expiry and shutdown', () => {
  let subgraphs: Awaited<ReturnType<typeof startProductSubgraphs>>;
  let keys: DevKeys;
  let token: string;
  const gateways: Gateway[] = [];

  beforeAll(async () => {
    subgraphs = await startProductSubgraphs();
    keys = await loadDevKeys();
    token = await keys.issueToken({ org: 'demo', role: 'Member' });
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await subgraphs?.stop();
  });

  /** A gateway with the MCP server; `onLog` sees each line it logs. */
  const start = async (mcp: McpOptions = {}, onLog: (line: Record<string, unknown>) => void = () => {}) => {
    const gateway = await createGateway({
      supergraph: { sdl: composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }) },
      auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
      internalTokens: createInternalTokens(randomBytes(32).toString('hex')),
      plugins: [mcpPlugin(mcp)],
      log: createLogger('onegraph-gateway', 'info', (line) => onLog(JSON.parse(line) as Record<string, unknown>)),
    });
    gateways.push(gateway);
    return { gateway, base: await gateway.listen() };
  };

  const headers = (session?: string, bearer = token) => ({
    authorization: `Bearer ${bearer}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(session ? { 'mcp-session-id': session } : {}),
  });
  /** Opens a session as an MCP client does (initialize, then initialized); its id. */
  const initialize = async (base: string, bearer = token) => {
    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: headers(undefined, bearer),
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'lifecycle test', version: '1.0.0' } },
      }),
    });
    expect(res.status).toBe(200);
    await res.text();
    const session = res.headers.get('mcp-session-id')!;
    const initialized = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: headers(session, bearer),
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(initialized.status).toBe(202);
    return session;
  };
  const listTools = (base: string, session: string, bearer = token) =>
    fetch(`${base}/mcp`, { method: 'POST', headers: headers(session, bearer), body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
  /** Opens the session's GET stream (server-to-client messages); resolves once it is open, with `ended`: whether it ended. */
  const openStream = async (base: string, session: string, bearer = token) => {
    const stream = await fetch(`${base}/mcp`, { method: 'GET', headers: { ...headers(session, bearer), accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    const ended = (async () => {
      for (;;) {
        const { done } = await reader.read().catch(() => ({ done: true }));
        if (done) return true;
      }
    })();
    return { ended };
  };

  it('reports the MCP server in /ready', async () => {
    const { base } = await start();
    const ready = (await (await fetch(`${base}/ready`)).json()) as { checks: { name: string; ok: boolean }[] };
    expect(ready.checks).toContainEqual({ name: 'mcp', ok: true });
  });

  it('ends a session left idle past the configured time (not one with its stream open); a request naming it is answered 404', async () => {
    let ended: (line: Record<string, unknown>) => void = () => {};
    const sessionEnded = new Promise<Record<string, unknown>>((resolve) => (ended = resolve));
    const { base } = await start({ sessionIdleMs: 1_000, expiryCheckMs: 20 }, (line) => {
      if (line['msg'] === 'mcp: session ended') ended(line);
    });
    // an agent watching its session's stream, and one that went quiet
    const watcher = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'watching-agent' });
    const watching = await initialize(base, watcher);
    void openStream(base, watching, watcher);
    const quiet = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'quiet-agent' });
    const session = await initialize(base, quiet);
    const active = await listTools(base, session, quiet);
    expect(active.status).toBe(200);
    await active.text();

    expect(await sessionEnded).toMatchObject({ reason: 'idle', principal: 'user:demo:quiet-agent' });
    const expired = await listTools(base, session, quiet);
    expect(expired.status).toBe(404);
    expect(((await expired.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('NOT_FOUND');
    // the session with its stream open was idle as long, and is still there
    const kept = await listTools(base, watching, watcher);
    expect(kept.status).toBe(200);
    await kept.text();

    const again = await initialize(base, quiet);
    expect(again).not.toBe(session);
    const listed = await listTools(base, again, quiet);
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain('search_schema');
  });

  it('closes promptly with a GET /mcp stream open: the stream ends and the close resolves', async () => {
    const { gateway, base } = await start();
    const session = await initialize(base);
    const stream = await openStream(base, session);
    await gateway.close();
    expect(await stream.ended).toBe(true);
  });
});

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Principal } from '@onegraph/auth';
import { codeOf, ErrorCode } from '@onegraph/errors';
import { sendError } from '@onegraph/http';
import { subgraphSdl } from '@onegraph/schema';
import { requestCredentials } from '../../auth.ts';
import type { GatewayOperations, GatewayPlugin } from '../../plugin.ts';
import type { Logger } from '@onegraph/log';
import { BUILTIN_TOOL_NAMES, builtinTools } from './builtin-tools.ts';
import { toolCallMetrics } from './instrumentation.ts';
import { loadOperationTools, manifestOf } from './operation-tools.ts';
import { fieldRulesOf } from './permissions.ts';
import { createSession, type McpSession, type McpShared } from './session.ts';
import type { ToolCallRecord } from './tool-call.ts';

export type { ToolCallRecord } from './tool-call.ts';

/** The MCP server's options; every one has a default. */
export interface McpOptions {
  /** The agent operations folder (`.graphql` files, one tool per operation). Default the gateway's own `onestack/mcp/operations/`. */
  operationsDir?: string;
  /** Mutation operations of the folder this deployment offers as write tools (to principals who may write). Default none. */
  writeTools?: readonly string[];
  /** The ad-hoc `run_query` tool. Default on. */
  runQuery?: boolean;
  /** The authorization server named in the protected-resource metadata: Hub's issuer. Default `https://hub.onestack.local`. */
  authorizationServer?: string;
  /** The gateway's public base URL (`https://graph.example.com`), for the metadata's URLs. Default from the request's Host. */
  publicUrl?: string;
  /** Log tool arguments at debug level (they may hold personal data). Default false. */
  logArguments?: boolean;
  /** Called once per finished tool call (tool, principal, duration, outcome): metrics and tracing hook here. */
  onToolCall?: (record: ToolCallRecord) => void;
  /** Open sessions per identity on one instance; one more closes the oldest. Default 10. */
  maxSessionsPerCaller?: number;
  /**
   * How long a session may sit idle (no request, no open `GET /mcp` stream)
   * before it ends; a request naming it afterwards is answered 404, as the
   * MCP specification says for a session the server ended, and the client
   * initializes a new one. In ms; default 30 minutes.
   */
  sessionIdleMs?: number;
  /** How often ended sessions are swept: credentials expired or idle too long (their resource watches stop with them), in ms. Default 30 000. */
  expiryCheckMs?: number;
}

export const MCP_PATH = '/mcp';
export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

/**
 * The MCP server for agents (Model Context Protocol, Streamable HTTP on
 * `POST /mcp` and `GET /mcp`, docs/mcp.md): the agent operations as tools,
 * `search_schema`, `validate_query` and `run_query`, and live resources.
 * Callers present a Hub user token or a delegated Jarvis token; each
 * session belongs to the identity that opened it. Every tool call goes
 * through the gateway's admission and executor as a GraphQL operation does.
 */
export function mcpPlugin(options: McpOptions = {}): GatewayPlugin {
  const operationTools = loadOperationTools(options.operationsDir);
  const writeTools = new Set(options.writeTools ?? []);
  for (const name of writeTools) {
    if (!operationTools.some((t) => t.name === name && t.kind === 'mutation'))
      throw new Error(`mcp: write tool ${name} is not a mutation of the agent operations`);
  }
  const authorizationServer = options.authorizationServer ?? 'https://hub.onestack.local';
  const sessions = new Map<string, McpSession>();
  const transportOf = new WeakMap<McpSession, StreamableHTTPServerTransport>();
  const maxSessionsPerCaller = options.maxSessionsPerCaller ?? 10;
  const sessionIdleMs = options.sessionIdleMs ?? 30 * 60_000;
  /** When each session last saw a request end, and its requests and streams open now (a session with one open is not idle). */
  const activity = new WeakMap<McpSession, { lastSeen: number; open: number }>();
  let shared: McpShared | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;
  let log: Logger | undefined;
  /** Set once the gateway closes: no new session opens. */
  let closing = false;

  /** Ends a session: its transport (open streams), then its watches. */
  const end = async (session: McpSession) => {
    const transport = transportOf.get(session);
    if (transport) await transport.close();
    await session.close();
  };
  /**
   * Sessions whose credential expired end, as graphql-ws connections are
   * closed at expiry (no updates reach a caller whose token lapsed), and so
   * do sessions idle for longer than `sessionIdleMs` (an agent that went
   * away without ending its session does not hold its watches for ever).
   */
  const endExpired = async () => {
    const now = Date.now();
    for (const [id, session] of sessions) {
      const expiresAt = session.caller.principal.expiresAt;
      const seen = activity.get(session);
      const reason =
        expiresAt !== undefined && expiresAt * 1000 <= now
          ? 'credentials expired'
          : seen && seen.open === 0 && now - seen.lastSeen >= sessionIdleMs
            ? 'idle'
            : undefined;
      if (!reason) continue;
      sessions.delete(id);
      log?.info('mcp: session ended', {
        reason,
        principal: `${session.caller.principal.kind}:${session.caller.principal.org}:${session.caller.principal.sub}`,
      });
      await end(session);
    }
  };
  /** A request of a session (or its GET stream) is open until `res` closes: the session is not idle meanwhile. */
  const track = (session: McpSession, res: ServerResponse) => {
    let seen = activity.get(session);
    if (!seen) activity.set(session, (seen = { lastSeen: Date.now(), open: 0 }));
    const state = seen;
    state.open += 1;
    res.once('close', () => {
      state.open -= 1;
      state.lastSeen = Date.now();
    });
  };

  const baseUrl = (req: IncomingMessage) => options.publicUrl?.replace(/\/$/, '') ?? `http://${req.headers.host ?? 'localhost'}`;
  const unauthenticated = (req: IncomingMessage, res: ServerResponse, message: string) =>
    sendError(res, ErrorCode.UNAUTHENTICATED, message, {
      'www-authenticate': `Bearer resource_metadata="${baseUrl(req)}${PROTECTED_RESOURCE_PATH}"`,
    });

  /** The caller of a request: a Hub user or a delegated Jarvis token; anything else is answered (401) and undefined returned. */
  async function callerOf(req: IncomingMessage, res: ServerResponse, operations: GatewayOperations): Promise<Principal | undefined> {
    const credentials = requestCredentials(req.headers);
    if (!credentials['authorization']) {
      unauthenticated(req, res, 'Authentication required: send Authorization: Bearer <Hub token or delegated Jarvis token>');
      return undefined;
    }
    let principal: Principal | undefined;
    try {
      principal = await operations.authenticate(credentials);
    } catch (error) {
      const code = codeOf(error) as ErrorCode | undefined;
      if (code && code !== ErrorCode.UNAUTHENTICATED) sendError(res, code, (error as Error).message);
      else unauthenticated(req, res, (error as Error).message);
      return undefined;
    }
    if (!principal || principal.kind === 'integration') {
      unauthenticated(req, res, 'The MCP server takes a Hub user token or a delegated Jarvis token');
      return undefined;
    }
    return principal;
  }

  const sameIdentity = (a: Principal, b: Principal) => a.kind === b.kind && a.org === b.org && a.sub === b.sub;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!shared) return sendError(res, ErrorCode.SERVICE_UNAVAILABLE, 'The MCP server is starting');
    if (closing) return sendError(res, ErrorCode.SERVICE_UNAVAILABLE, 'The MCP server is shutting down');
    const principal = await callerOf(req, res, shared.operations);
    if (!principal) return;
    const caller = { principal, credentials: requestCredentials(req.headers), address: req.socket.remoteAddress };
    const sessionId = req.headers['mcp-session-id'];
    let session: McpSession | undefined;
    let transport: StreamableHTTPServerTransport | undefined;
    if (typeof sessionId === 'string') {
      session = sessions.get(sessionId);
      // a session is its opener's: anyone else is told there is none
      if (!session || !sameIdentity(session.caller.principal, principal))
        return sendError(res, ErrorCode.NOT_FOUND, 'No such MCP session: initialize a new one');
      session.caller = caller;
      transport = transportOf.get(session);
    } else {
      if (req.method !== 'POST') return sendError(res, ErrorCode.BAD_USER_INPUT, 'Send Mcp-Session-Id, or POST an initialize request to open a session');
      // a caller opening session after session (never ending them) holds a bounded number: the oldest ends
      const own = [...sessions].filter(([, s]) => sameIdentity(s.caller.principal, principal));
      for (const [id, oldest] of own.slice(0, Math.max(0, own.length - maxSessionsPerCaller + 1))) {
        sessions.delete(id);
        await end(oldest);
      }
      const opened = createSession(shared, caller);
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, opened);
        },
      });
      created.onclose = () => {
        if (created.sessionId) sessions.delete(created.sessionId);
        void opened.close();
      };
      transportOf.set(opened, created);
      await opened.server.connect(created);
      session = opened;
      transport = created;
    }
    if (!transport) return sendError(res, ErrorCode.NOT_FOUND, 'No such MCP session: initialize a new one');
    track(session, res);
    // the transport hands this to the request handlers; the credential itself is never forwarded (identity travels as internal tokens)
    const auth: AuthInfo = { token: '', clientId: principal.sub, scopes: [], extra: { kind: principal.kind, org: principal.org } };
    await transport.handleRequest(Object.assign(req, { auth }), res);
  }

  return {
    name: 'mcp',
    persistedOperations: manifestOf(operationTools),
    setup({ operations, log: gatewayLog, instruments }) {
      const mcpLog = gatewayLog.child({ component: 'mcp' });
      log = mcpLog;
      const record = toolCallMetrics(instruments, [...operationTools.map((t) => t.name), ...BUILTIN_TOOL_NAMES]);
      // the authorization rules the subgraphs enforce, from their SDL (the supergraph does not carry them)
      const rules = fieldRulesOf([subgraphSdl('crm'), subgraphSdl('integrations')]);
      shared = {
        operations,
        operationTools,
        builtins: builtinTools(() => operations.schema(), rules, { runQuery: options.runQuery ?? true }),
        writeTools,
        rules,
        calls: {
          log: mcpLog,
          logArguments: options.logArguments ?? false,
          onToolCall: (call) => {
            record(call);
            options.onToolCall?.(call);
          },
        },
        log: mcpLog,
        version: '0.1.0',
      };
      expiryTimer = setInterval(() => {
        endExpired().catch((error: unknown) => mcpLog.warn('mcp: closing expired sessions failed', { error: (error as Error).message }));
      }, options.expiryCheckMs ?? 30_000);
      expiryTimer.unref();
    },
    routes: [
      { name: 'mcp', path: MCP_PATH, handle },
      ...[PROTECTED_RESOURCE_PATH, `${PROTECTED_RESOURCE_PATH}${MCP_PATH}`].map((path) => ({
        name: 'mcp protected resource metadata',
        path,
        handle(req: IncomingMessage, res: ServerResponse) {
          // RFC 9728: which authorization server issues the tokens this resource takes
          const body = JSON.stringify({
            resource: `${baseUrl(req)}${MCP_PATH}`,
            authorization_servers: [authorizationServer],
            bearer_methods_supported: ['header'],
            resource_name: 'One Graph MCP server',
          });
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' });
          res.end(body);
        },
      })),
    ],
    readiness: () => [
      {
        name: 'mcp',
        check: () => (closing ? 'shutting down' : shared ? undefined : 'not set up'),
      },
    ],
    async dispose() {
      closing = true;
      clearInterval(expiryTimer);
      const open = [...sessions.values()];
      sessions.clear();
      for (const session of open) await end(session);
    },
  };
}

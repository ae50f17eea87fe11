import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  ErrorCode as RpcError,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { validate, type GraphQLSchema } from 'graphql';
import type { Principal } from '@onegraph/auth';
import { ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';
import type { GatewayOperations } from '../../plugin.ts';
import type { Caller } from '../../security/operation-admission.ts';
import type { BuiltinTool } from './builtin-tools.ts';
import { inputSchemaOf } from './json-schema.ts';
import type { OperationTool } from './operation-tools.ts';
import { forbiddenFields, type FieldRules } from './permissions.ts';
import { liveResource, resourceId, resourceTemplates } from './resources.ts';
import { callTool, toolError, toolResult, type ToolCallOptions, type ToolHandler } from './tool-call.ts';

/** What every session of one gateway shares. */
export interface McpShared {
  operations: GatewayOperations;
  operationTools: readonly OperationTool[];
  builtins: readonly BuiltinTool[];
  /** Operation names the deployment marks as write tools. */
  writeTools: ReadonlySet<string>;
  rules: FieldRules;
  calls: ToolCallOptions;
  log: Logger;
  version: string;
}

/** A tool as one caller sees it. */
interface ListedTool {
  tool: Tool;
  handler: ToolHandler;
}

const validators = new AjvJsonSchemaValidator();

/** Per schema, whether each agent operation validates against it: one that does not (a field removed from the supergraph) is not listed. */
const validity = new WeakMap<GraphQLSchema, Map<OperationTool, boolean>>();
function validAgainst(schema: GraphQLSchema, op: OperationTool, log: Logger): boolean {
  let verdicts = validity.get(schema);
  if (!verdicts) validity.set(schema, (verdicts = new Map()));
  let valid = verdicts.get(op);
  if (valid === undefined) {
    const errors = validate(schema, op.document);
    valid = errors.length === 0;
    if (!valid)
      log.warn('mcp: an agent operation does not validate against the current schema; its tool is not listed', { tool: op.name, error: errors[0]!.message });
    verdicts.set(op, valid);
  }
  return valid;
}

/**
 * The tools a principal may use: an operation tool when every field it
 * selects is one its permissions allow (the rules the subgraphs enforce);
 * a mutation only when the deployment marks it as a write tool, and never
 * for a read-only (delegated Jarvis) principal; the built-in tools always.
 */
export function toolsFor(shared: McpShared, principal: Principal): ListedTool[] {
  const schema = shared.operations.schema();
  const listed: ListedTool[] = [];
  if (schema) {
    for (const op of shared.operationTools) {
      if (op.kind === 'mutation' && (!shared.writeTools.has(op.name) || principal.kind === 'jarvis')) continue;
      if (!validAgainst(schema, op, shared.log)) continue;
      if (forbiddenFields(schema, op.document, shared.rules, principal).length > 0) continue;
      const inputSchema = inputSchemaOf(schema, op.document, op.operation);
      const validate = validators.getValidator<Record<string, unknown>>(inputSchema);
      listed.push({
        tool: {
          name: op.name,
          description: op.description,
          inputSchema: inputSchema as Tool['inputSchema'],
          annotations: { readOnlyHint: op.kind === 'query', openWorldHint: false },
        },
        handler: async (args, { caller, operations }) => {
          const checked = validate(args);
          if (!checked.valid) return toolError(ErrorCode.BAD_USER_INPUT, `Invalid arguments: ${checked.errorMessage}`);
          // sent by hash as well: the agent operations are in the persisted-operations allow-list
          return toolResult(
            await operations.execute({ query: op.text, variables: args, extensions: { persistedQuery: { version: 1, sha256Hash: op.hash } } }, caller),
          );
        },
      });
    }
  }
  for (const builtin of shared.builtins) {
    const validate = validators.getValidator<Record<string, unknown>>(builtin.inputSchema);
    listed.push({
      tool: {
        name: builtin.name,
        description: builtin.description,
        inputSchema: builtin.inputSchema as Tool['inputSchema'],
        annotations: { readOnlyHint: true },
      },
      handler: async (args, context) => {
        const checked = validate(args);
        if (!checked.valid) return toolError(ErrorCode.BAD_USER_INPUT, `Invalid arguments: ${checked.errorMessage}`);
        return builtin.handler(args, context);
      },
    });
  }
  return listed;
}

/** One MCP session: its protocol server, the caller it belongs to (refreshed on each request), its resource subscriptions. */
export interface McpSession {
  server: Server;
  /** The caller of the latest request of the session. */
  caller: Caller & { principal: Principal };
  close(): Promise<void>;
}

export function createSession(shared: McpShared, caller: Caller & { principal: Principal }): McpSession {
  const server = new Server(
    { name: 'onegraph', title: 'One Graph', version: shared.version },
    {
      capabilities: { tools: {}, resources: { subscribe: true } },
      instructions:
        'One Graph: the CRM, PSA, Books, Voice and Portal data of your organisation. Use the named tools first (companyOverview for a customer); search_schema then run_query for anything else. Everything is scoped to your organisation and your permissions.',
    },
  );
  const watches = new Map<string, () => void>();
  let closed = false;
  const session: McpSession = {
    server,
    caller,
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of watches.values()) stop();
      watches.clear();
      await server.close();
    },
  };
  const context = () => ({ caller: session.caller, operations: shared.operations });

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolsFor(shared, session.caller.principal).map((t) => t.tool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const name = request.params.name;
    const listed = toolsFor(shared, session.caller.principal).find((t) => t.tool.name === name);
    const args = request.params.arguments ?? {};
    if (!listed) {
      // a tool beyond the caller's rights is refused as the graph refuses the field; an unknown one is not found
      const exists = shared.operationTools.some((t) => t.name === name) || shared.builtins.some((t) => t.name === name);
      const refusal: ToolHandler = async () =>
        exists
          ? toolError(ErrorCode.FORBIDDEN, `Not allowed: your permissions do not cover the tool ${name}`)
          : toolError(ErrorCode.NOT_FOUND, `No tool named ${name}`);
      return callTool(name, refusal, args, context(), shared.calls);
    }
    return callTool(name, listed.handler, args, context(), shared.calls);
  });

  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates }));
  const read = async (uri: string) => {
    const resource = liveResource(uri);
    if (!resource) throw new McpError(RpcError.InvalidParams, `Unknown resource ${uri}: see resources/templates/list`);
    // a read is an operation: counted against the caller's rate limit as a tool call is
    const { refusal } = await shared.operations.admission.charge(session.caller, 1);
    if (refusal) throw new McpError(RpcError.InvalidRequest, `${refusal.refuse}: ${refusal.message}`);
    const result = await shared.operations.execute({ query: resource.query, variables: { id: resourceId(resource) } }, session.caller);
    const contents = resource.contents(result);
    if (contents === undefined) {
      const error = result.errors?.[0];
      if (error) throw new McpError(RpcError.InvalidParams, `${String(error.extensions?.['code'] ?? 'ERROR')}: ${error.message}`);
      // -32002: the spec's "resource not found"; another organisation's id reads the same
      throw new McpError(-32002, `Resource not found: ${uri}`);
    }
    return { resource, contents };
  };
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { contents } = await read(request.params.uri);
    return { contents: [{ uri: request.params.uri, mimeType: 'application/json', text: JSON.stringify(contents) }] };
  });
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    // one cannot watch what one cannot read
    const { resource } = await read(uri);
    if (watches.has(uri)) return {};
    const stop = shared.operations.watch(resource.field, session.caller.principal.org, resource.key, () => {
      server.sendResourceUpdated({ uri }).catch((error: unknown) => shared.log.warn('mcp: resource update not sent', { error: (error as Error).message }));
    });
    if (!stop) throw new McpError(RpcError.InternalError, 'Live updates are off on this gateway (no Bus)');
    watches.set(uri, stop);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    watches.get(request.params.uri)?.();
    watches.delete(request.params.uri);
    return {};
  });
  return session;
}

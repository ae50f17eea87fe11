import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { FormattedExecutionResult } from 'graphql';
import type { Principal } from '@onegraph/auth';
import type { ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';
import type { GatewayOperations } from '../../plugin.ts';
import type { Caller } from '../../security/operation-admission.ts';
import { failSpan, SpanKind, withSpan, type Span } from '@onegraph/tracing';
import { GATEWAY_TRACER } from '../../tracer.ts';
import { resultText } from './render.ts';

/** How one tool call ended, for logs and instrumentation. */
export type ToolCallOutcome = { kind: 'ok' } | { kind: 'error'; code: string };

/** What is known of a finished tool call (never its arguments). */
export interface ToolCallRecord {
  tool: string;
  principal: Principal;
  durationMs: number;
  outcome: ToolCallOutcome;
}

/** What a tool handler gets: who calls, and the gateway's operation path. */
export interface ToolContext {
  caller: Caller & { principal: Principal };
  operations: GatewayOperations;
}

export type ToolHandler = (args: Record<string, unknown>, context: ToolContext) => Promise<CallToolResult>;

/** A refusal or failure as a tool result the agent can act on: `isError`, the GraphQL errors with their codes. */
export function toolError(code: ErrorCode | string, message: string, extra: Record<string, unknown> = {}): CallToolResult {
  const error = { message, extensions: { code, ...extra } };
  return { isError: true, content: [{ type: 'text', text: `error ${code}: ${message}` }], structuredContent: { errors: [error] } };
}

/** An operation's result as a tool result: structured content (data and errors, as over GraphQL) and its compact text. */
export function toolResult(result: FormattedExecutionResult): CallToolResult {
  const failed = !result.data && (result.errors?.length ?? 0) > 0;
  return {
    ...(failed ? { isError: true } : {}),
    content: [{ type: 'text', text: resultText(result) }],
    structuredContent: { ...(result.data ? { data: result.data } : {}), ...(result.errors?.length ? { errors: result.errors } : {}) },
  };
}

export interface ToolCallOptions {
  log: Logger;
  /** Logs tool arguments (they may hold personal data): only with debug logging. Default false. */
  logArguments: boolean;
  /** Called once per finished call: where metrics and tracing hook in. */
  onToolCall?: ((record: ToolCallRecord) => void) | undefined;
}

/**
 * The one path of every tool call: counted against the caller's rate limit
 * (the gateway's admission, as every GraphQL operation is), run, logged with
 * the principal and tool name (arguments only when asked, at debug level),
 * and reported to `onToolCall` (the MCP metrics), inside an `execute_tool
 * <name>` span (tracing on). Handlers run operations through
 * `operations.execute`, the gateway's executor.
 */
export async function callTool(
  name: string,
  handler: ToolHandler,
  args: Record<string, unknown>,
  context: ToolContext,
  options: ToolCallOptions,
): Promise<CallToolResult> {
  // the OpenTelemetry GenAI tool execution span: the operations the tool runs (and their subgraph fetches) are under it
  return withSpan(
    GATEWAY_TRACER,
    `execute_tool ${name}`,
    { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name, 'gen_ai.tool.type': 'function' } },
    (span) => run(span, name, handler, args, context, options),
  );
}

async function run(
  span: Span | undefined,
  name: string,
  handler: ToolHandler,
  args: Record<string, unknown>,
  context: ToolContext,
  options: ToolCallOptions,
): Promise<CallToolResult> {
  const started = performance.now();
  const { principal } = context.caller;
  let result: CallToolResult;
  const charge = await context.operations.admission.charge(context.caller, 1);
  if (charge.refusal) result = toolError(charge.refusal.refuse, charge.refusal.message);
  else {
    try {
      result = await handler(args, context);
    } catch (error) {
      options.log.error('mcp: tool failed', { tool: name, error: (error as Error).message });
      result = toolError('INTERNAL_SERVER_ERROR', 'The tool failed; the gateway logged why');
    }
  }
  const errors = (result.structuredContent as { errors?: { extensions?: { code?: unknown } }[] } | undefined)?.errors;
  const outcome: ToolCallOutcome = result.isError ? { kind: 'error', code: String(errors?.[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR') } : { kind: 'ok' };
  if (outcome.kind === 'error') failSpan(span, new Error(`tool ${name} answered ${outcome.code}`), outcome.code);
  const durationMs = performance.now() - started;
  const who = `${principal.kind}:${principal.org}:${principal.sub}`;
  options.log.info('mcp: tool call', { tool: name, principal: who, outcome: outcome.kind === 'ok' ? 'ok' : outcome.code, ms: Math.round(durationMs) });
  if (options.logArguments) options.log.debug('mcp: tool arguments', { tool: name, principal: who, arguments: args });
  options.onToolCall?.({ tool: name, principal, durationMs, outcome });
  return result;
}

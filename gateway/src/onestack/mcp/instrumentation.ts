import { OTHER, type InstrumentFactory } from '@onegraph/metrics';
import type { ToolCallRecord } from './tool-call.ts';

/**
 * The MCP server's metrics, made with the gateway's instrument factory:
 * `onegraph.mcp.tool_calls` (Prometheus `onegraph_mcp_tool_calls_total`)
 * and `onegraph.mcp.tool_call.duration`, both by `tool` and `outcome` (`ok`,
 * or the error code the agent got). Tool names are bounded: a name the
 * server does not offer (an agent can send any) is `other`.
 */
export function toolCallMetrics(instruments: InstrumentFactory, toolNames: readonly string[]): (call: ToolCallRecord) => void {
  const known = new Set(toolNames);
  const calls = instruments.counter('onegraph.mcp.tool_calls', 'MCP tool calls, per tool and outcome (ok, or the error code the agent got)', '{call}');
  const duration = instruments.duration('onegraph.mcp.tool_call.duration', 'MCP tool calls, from the request to the result, per tool and outcome');
  return ({ tool, durationMs, outcome }) => {
    const labels = { tool: known.has(tool) ? tool : OTHER, outcome: outcome.kind === 'ok' ? 'ok' : outcome.code };
    calls.add(1, labels);
    duration.record(durationMs / 1000, labels);
  };
}

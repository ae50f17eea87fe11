import { createGateway, type Gateway, type GatewayOptions } from '../gateway.ts';
import type { GatewayPlugin } from '../plugin.ts';
import type { RateLimitOptions } from '../security/rate-limit.ts';
import { crmSubscriptionsPlugin } from './crm-subscriptions.ts';
import { integrationKeysPlugin, type IntegrationKeyOptions } from './integration-keys.ts';
import { jarvisPlugin, type JarvisOptions } from './jarvis.ts';
import { mcpPlugin, type McpOptions } from './mcp/mcp-plugin.ts';
import { publicApiPlugin } from './public-api.ts';
import { widgetPlugin, type WidgetOptions } from './widget.ts';

export type { IntegrationKeyOptions } from './integration-keys.ts';
export type { JarvisOptions } from './jarvis.ts';
export { mcpPlugin, type McpOptions, type ToolCallRecord } from './mcp/mcp-plugin.ts';
export type { WidgetOptions } from './widget.ts';

/** What the One Stack deployment adds to the general gateway; every option has a default. */
export interface OneStackOptions {
  /**
   * Integration keys (with `hub` auth), verified with the `integrations`
   * subgraph and cached briefly. Default on, with 5 s caches; false refuses them.
   */
  integrationKeys?: IntegrationKeyOptions | false;
  /**
   * The public API's limit, per organisation, on calls made with `tos_` keys
   * (all of an organisation's public API keys share it). Default 100 a
   * minute, as the public API documents.
   */
  publicApiRateLimit?: RateLimitOptions | false;
  /** Jarvis delegation (`POST /auth/jarvis/token`, delegated tokens accepted); off without it. */
  jarvis?: JarvisOptions;
  /** The PSA sidebar widget at `/widget/pipeline` (docs/widget.md). Default on; false turns it off. */
  widget?: WidgetOptions | false;
  /** The per-caller limit, which the Jarvis token endpoint's budgets use (Jarvis's exchanges; wrong secrets per client address). Default 600 a minute. */
  rateLimit?: RateLimitOptions | false;
  /** The MCP server for agents at `/mcp` (docs/mcp.md). Default on, with no write tools; false turns it off. */
  mcp?: McpOptions | false;
}

/**
 * The One Stack deployment's plugins, in the order they act: integration
 * keys and delegated Jarvis tokens as credentials, the public API's
 * per-organisation limit, the Jarvis token endpoint, the PSA widget, the
 * CRM's subscription fields, and the MCP server for agents.
 */
export function oneStackPlugins(options: OneStackOptions = {}): GatewayPlugin[] {
  return [
    integrationKeysPlugin(options.integrationKeys),
    publicApiPlugin(options.publicApiRateLimit),
    jarvisPlugin(options.jarvis, options.rateLimit),
    ...(options.widget === false ? [] : [widgetPlugin(options.widget)]),
    crmSubscriptionsPlugin(),
    ...(options.mcp === false ? [] : [mcpPlugin(options.mcp)]),
  ];
}

export type OneStackGatewayOptions = GatewayOptions & OneStackOptions;

/** The gateway as the One Stack deployment runs it: the general gateway with `oneStackPlugins` (then any `plugins` given). */
export function createOneStackGateway(options: OneStackGatewayOptions): Promise<Gateway> {
  const { integrationKeys, publicApiRateLimit, jarvis, widget, mcp, ...core } = options;
  const plugins = oneStackPlugins({
    ...(integrationKeys !== undefined ? { integrationKeys } : {}),
    ...(publicApiRateLimit !== undefined ? { publicApiRateLimit } : {}),
    ...(jarvis ? { jarvis } : {}),
    ...(widget !== undefined ? { widget } : {}),
    ...(mcp !== undefined ? { mcp } : {}),
    ...(core.rateLimit !== undefined ? { rateLimit: core.rateLimit } : {}),
  });
  return createGateway({ ...core, plugins: [...plugins, ...(core.plugins ?? [])] });
}

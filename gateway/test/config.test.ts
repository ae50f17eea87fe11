import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';

const base = { INTERNAL_TOKEN_SECRET: 's'.repeat(32) };

describe('gateway configuration from flags and environment', () => {
  it('has the documented defaults', () => {
    const config = parseConfig([], base, 'supergraph.graphql');
    expect(config).toMatchObject({
      rateLimitPerMinute: 600,
      publicApiRateLimitPerMinute: 100,
      deduplicateRequests: true,
      deduplicateSubgraphRequests: true,
      widgetFrameAncestors: ["'self'"],
      maxBatchSize: 10,
      maxSubscriptionsPerConnection: 100,
      maxSubscriptionsPerCaller: 500,
    });
  });

  it('has no rate limit by default with --auth none, one when RATE_LIMIT_PER_MINUTE asks for it', () => {
    expect(parseConfig(['--auth', 'none'], base, 'supergraph.graphql').rateLimitPerMinute).toBe(0);
    expect(parseConfig(['--auth', 'none'], { ...base, RATE_LIMIT_PER_MINUTE: '120' }, 'supergraph.graphql').rateLimitPerMinute).toBe(120);
  });

  it('reads the limits, the deduplication switches and the widget’s embedders', () => {
    const config = parseConfig(
      [],
      {
        ...base,
        PUBLIC_API_RATE_LIMIT_PER_MINUTE: '50',
        DEDUPLICATE_REQUESTS: 'false',
        DEDUPLICATE_SUBGRAPH_REQUESTS: 'false',
        WIDGET_FRAME_ANCESTORS: "'self',https://psa.example.com",
        MAX_SUBSCRIPTIONS_PER_CONNECTION: '20',
        MAX_SUBSCRIPTIONS_PER_CALLER: '50',
      },
      'supergraph.graphql',
    );
    expect(config).toMatchObject({
      publicApiRateLimitPerMinute: 50,
      deduplicateRequests: false,
      deduplicateSubgraphRequests: false,
      widgetFrameAncestors: ["'self'", 'https://psa.example.com'],
      maxSubscriptionsPerConnection: 20,
      maxSubscriptionsPerCaller: 50,
    });
  });

  it('installs the One Stack plugins with hub auth and none with --auth none, unless --plugins says otherwise', () => {
    expect(parseConfig([], base, 'supergraph.graphql').plugins).toBe('onestack');
    expect(parseConfig(['--auth', 'none'], base, 'supergraph.graphql').plugins).toBe('none');
    expect(parseConfig(['--plugins', 'none'], base, 'supergraph.graphql').plugins).toBe('none');
    expect(parseConfig(['--auth', 'none'], { ...base, GATEWAY_PLUGINS: 'onestack' }, 'supergraph.graphql').plugins).toBe('onestack');
    expect(() => parseConfig(['--plugins', 'crm'], base, 'supergraph.graphql')).toThrow('GATEWAY_PLUGINS (--plugins): expected onestack or none, got "crm"');
  });

  it('serves MCP by default with run_query and no write tools; MCP_* change that', () => {
    expect(parseConfig([], base, 'supergraph.graphql').mcp).toEqual({
      enabled: true,
      writeTools: [],
      runQuery: true,
      publicUrl: undefined,
      sessionIdleSeconds: 1_800,
    });
    const mcp = parseConfig(
      [],
      {
        ...base,
        MCP_ENABLED: 'true',
        MCP_WRITE_TOOLS: 'logNote',
        MCP_RUN_QUERY: 'false',
        PUBLIC_URL: 'https://graph.example.com',
        MCP_SESSION_IDLE_SECONDS: '600',
      },
      'supergraph.graphql',
    ).mcp;
    expect(mcp).toEqual({ enabled: true, writeTools: ['logNote'], runQuery: false, publicUrl: 'https://graph.example.com', sessionIdleSeconds: 600 });
    expect(parseConfig([], { ...base, MCP_ENABLED: 'false' }, 'supergraph.graphql').mcp.enabled).toBe(false);
  });

  it('refuses bad values at start, naming each', () => {
    expect(() => parseConfig([], { ...base, PUBLIC_API_RATE_LIMIT_PER_MINUTE: 'lots', DEDUPLICATE_REQUESTS: 'maybe' }, 'supergraph.graphql')).toThrow(
      /PUBLIC_API_RATE_LIMIT_PER_MINUTE[\s\S]*DEDUPLICATE_REQUESTS|DEDUPLICATE_REQUESTS[\s\S]*PUBLIC_API_RATE_LIMIT_PER_MINUTE/,
    );
  });
});

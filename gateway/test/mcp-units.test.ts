import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@onegraph/auth';
import { createLogger } from '@onegraph/log';
import type { GatewayOperations } from '../src/plugin.ts';
import { createOperationAdmission } from '../src/security/operation-admission.ts';
import { createRateLimiter } from '../src/security/rate-limit.ts';
import { callTool, toolResult, type ToolCallRecord } from '../src/onestack/mcp/tool-call.ts';
import { subgraphSdl, supergraphPath } from '@onegraph/schema';
import { inputSchemaOf } from '../src/onestack/mcp/json-schema.ts';
import { loadOperationTools, manifestOf } from '../src/onestack/mcp/operation-tools.ts';
import { fieldRulesOf, forbiddenFields } from '../src/onestack/mcp/permissions.ts';
import { compactText } from '../src/onestack/mcp/render.ts';
import { operationHash } from '../src/security/persisted-manifest.ts';

const apiSchema = Supergraph.build(readFileSync(supergraphPath, 'utf8')).apiSchema().toGraphQLJSSchema();
const tools = loadOperationTools();
const tool = (name: string) => tools.find((t) => t.name === name)!;
const rules = fieldRulesOf([subgraphSdl('crm'), subgraphSdl('integrations')]);
const user = (role: 'Admin' | 'Member' | 'Viewer'): Principal => ({ kind: 'user', org: 'demo', sub: `u-${role}`, role, products: ['crm'] });
const jarvis: Principal = { kind: 'jarvis', actor: 'jarvis', org: 'demo', sub: 'u-admin', role: 'Admin', products: ['crm'], readOnly: true };

describe('the MCP server’s parts, in-process', () => {
  it('ships agent operations that validate against the committed supergraph, each named and described', () => {
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'companyOverview',
        'openPipeline',
        'dealsByStage',
        'recentActivity',
        'contactByPhone',
        'contactByEmail',
        'revenueDashboard',
        'unmatchedCalls',
        'atRiskCustomers',
      ]),
    );
    for (const t of tools) {
      expect(validate(apiSchema, t.document), t.name).toEqual([]);
      expect(t.description.length, t.name).toBeGreaterThan(30);
    }
    // registered in the allow-list under the sha256 of the text sent
    const manifest = manifestOf(tools);
    for (const t of tools) expect(manifest[operationHash(t.text)]).toBe(t.text);
  });

  it('derives a tool’s input schema from its variables, with the descriptions of what they feed', () => {
    const schema = inputSchemaOf(apiSchema, tool('contactByPhone').document, tool('contactByPhone').operation);
    expect(schema).toMatchObject({
      type: 'object',
      required: ['phone'],
      additionalProperties: false,
      properties: { phone: { type: 'string' }, region: { type: 'string' } },
    });
    const deals = inputSchemaOf(apiSchema, tool('dealsByStage').document, tool('dealsByStage').operation);
    expect(deals.properties!['status']).toMatchObject({ type: 'array', items: { enum: expect.arrayContaining(['OPEN', 'WON', 'LOST']) }, default: ['OPEN'] });
    expect(deals.required).toEqual(['pipelineId', 'stageId']);
    const revenue = inputSchemaOf(apiSchema, tool('revenueDashboard').document, tool('revenueDashboard').operation);
    expect(revenue.properties!['to']).toMatchObject({ type: 'string', format: 'date' });
    expect(String(revenue.properties!['to']!.description)).toMatch(/ISO 8601 date/);
  });

  it('finds the fields a caller may not read from the SDL’s rules, as the subgraphs enforce them', () => {
    const failed = tool('failedEvents').document;
    expect(forbiddenFields(apiSchema, failed, rules, user('Admin'))).toEqual([]);
    // the root field, and the fields of its type (a rule on the type holds for each)
    expect(forbiddenFields(apiSchema, failed, rules, user('Viewer'))).toEqual(
      expect.arrayContaining([
        { field: 'Query.parkedEvents', needs: 'crm.integrations.manage' },
        { field: 'ParkedEvent.reason', needs: 'crm.integrations.manage' },
      ]),
    );
    // Jarvis acts with the user's role, narrowed to reading
    expect(forbiddenFields(apiSchema, failed, rules, jarvis)).not.toEqual([]);
    expect(forbiddenFields(apiSchema, tool('logNote').document, rules, jarvis)).toEqual([{ field: 'Mutation.logActivity', needs: 'crm.activities.write' }]);
    expect(forbiddenFields(apiSchema, tool('logNote').document, rules, user('Member'))).toEqual([]);
    expect(forbiddenFields(apiSchema, tool('companyOverview').document, rules, user('Viewer'))).toEqual([]);
  });

  it('renders results as compact text: one value a line, nulls and empty lists left out', () => {
    const text = compactText({ company: { name: 'Acme', tags: [], health: null, deals: [{ title: 'Renewal', value: '48000.00' }, { title: 'Backup' }] } });
    expect(text).toBe(['company:', '  name: Acme', '  deals:', '    - title: Renewal', '      value: 48000.00', '    - title: Backup'].join('\n'));
  });

  it('logs each tool call with the principal, the tool and the outcome, its arguments only at debug; counts it against the rate limit', async () => {
    const admission = createOperationAdmission({
      rateLimits: [{ name: 'per caller', limiter: createRateLimiter({ points: 1, durationSec: 60 }), keyOf: () => 'one' }],
      classOf: () => 'user',
    });
    const unused = () => {
      throw new Error('not used by this tool');
    };
    const operations: GatewayOperations = { authenticate: unused, schema: () => undefined, admission, checkLimits: unused, execute: unused, watch: unused };
    const principal = user('Member');
    const context = { caller: { principal, credentials: {}, address: '127.0.0.1' }, operations };
    const handler = async () => toolResult({ data: { contactByEmail: { name: 'Jane Okafor' } } });
    const run = async (level: 'info' | 'debug') => {
      const lines: Record<string, unknown>[] = [];
      const records: ToolCallRecord[] = [];
      const log = createLogger('gateway', level, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
      const result = await callTool('contactByEmail', handler, { email: 'jane@acmedental.com' }, context, {
        log,
        logArguments: level === 'debug',
        onToolCall: (r) => records.push(r),
      });
      return { result, lines, records };
    };

    const first = await run('info');
    expect(first.result.isError).toBeUndefined();
    expect(first.lines).toEqual([expect.objectContaining({ msg: 'mcp: tool call', tool: 'contactByEmail', principal: 'user:demo:u-Member', outcome: 'ok' })]);
    expect(JSON.stringify(first.lines)).not.toContain('jane@acmedental.com');
    expect(first.records).toEqual([expect.objectContaining({ tool: 'contactByEmail', principal, outcome: { kind: 'ok' } })]);

    // the second call is over the limit of one: refused before the tool runs, and logged with its code; arguments at debug only
    const second = await run('debug');
    expect(second.result.isError).toBe(true);
    expect(second.lines[0]).toMatchObject({ msg: 'mcp: tool call', outcome: 'RATE_LIMIT_EXCEEDED' });
    expect(second.lines[1]).toMatchObject({ msg: 'mcp: tool arguments', arguments: { email: 'jane@acmedental.com' } });
    expect(second.records[0]!.outcome).toEqual({ kind: 'error', code: 'RATE_LIMIT_EXCEEDED' });
  });
});

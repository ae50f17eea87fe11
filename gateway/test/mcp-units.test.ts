import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@onegraph/auth';
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
});

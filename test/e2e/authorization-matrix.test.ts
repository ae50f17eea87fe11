import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { fieldsWithoutRules, rulesOf } from '@onegraph/auth';
import { createMemoryBus } from '@onegraph/bus';
import { subgraphSdl } from '@onegraph/schema';
import { graphqlRequest, TestSubscription, wsClient } from '@onegraph/testing';
import { useStack } from './fixture.ts';

/**
 * Every root field, for every kind of caller: allowed or refused as
 * docs/security.md's table says. The expectation below is written by hand
 * from that table (the action of the field's rule: read, write, or an admin
 * action), not computed by the code under test.
 */
type Caller = 'Owner' | 'Admin' | 'Member' | 'Viewer' | 'Jarvis for an Owner' | 'integration key (crm.companies.read)';
const adminActions = new Set(['delete', 'promote', 'manage']);
function expectedAllowed(caller: Caller, permission: string, operation: 'query' | 'mutation' | 'subscription'): boolean {
  const action = permission.split('.').at(-1)!;
  switch (caller) {
    case 'Owner':
    case 'Admin':
      return true;
    case 'Member':
      return action === 'read' || action === 'write';
    case 'Viewer':
      return action === 'read';
    case 'Jarvis for an Owner':
      return operation !== 'mutation' && action === 'read';
    case 'integration key (crm.companies.read)':
      return permission === 'crm.companies.read';
  }
}

const scalarLiteral: Record<string, string> = {
  ID: '"matrix-id"',
  String: '"x"',
  Int: '1',
  Float: '1.5',
  Boolean: 'true',
  DateTime: '"2026-01-01T00:00:00Z"',
  Date: '"2026-01-01"',
};

/** A syntactically and type-valid literal for an argument: required fields only. */
function literal(type: GraphQLInputType): string {
  const inner = getNullableType(type);
  if (isListType(inner)) return `[${literal(inner.ofType)}]`;
  if (isEnumType(inner)) return inner.getValues()[0]!.name;
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  if (isScalarType(inner)) return scalarLiteral[inner.name] ?? '"1.00"';
  throw new Error(`no literal for ${String(type)}`);
}

function operationFor(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>): string {
  // a subscription gets its optional filters too, so that an allowed one is answered (NOT_FOUND for the made-up id), not left open
  const args = field.args.filter((a) => (isNonNullType(a.type) || kind === 'subscription') && a.defaultValue === undefined);
  const argText = args.length ? `(${args.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  return `${kind} { ${field.name}${argText}${selection} }`;
}

/** The permission a root field requires, as its SDL declares it. */
function permissionOf(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string {
  const [rule] = rulesOf(type, field);
  if (rule?.kind !== 'scopes') throw new Error(`${type.name}.${field.name} has no @requiresPermissions rule`);
  return rule.anyOf[0]![0]!;
}

const subgraphSchemas: Record<string, GraphQLSchema> = {
  crm: buildSubgraphSchema([{ typeDefs: parse(subgraphSdl('crm')) }]),
  integrations: buildSubgraphSchema([{ typeDefs: parse(subgraphSdl('integrations')) }]),
};

describe('every field has an authorization rule', () => {
  it.each(Object.keys(subgraphSchemas))('in the %s subgraph', (name) => {
    expect(fieldsWithoutRules(subgraphSchemas[name]!)).toEqual([]);
  });
});

describe('authorization matrix: every root field and subscription for every caller kind and role', () => {
  const stack = useStack({ bus: createMemoryBus() });
  const tokens = {} as Record<Caller, { header: Record<string, string> }>;
  beforeAll(async () => {
    for (const role of ['Owner', 'Admin', 'Member', 'Viewer'] as const) {
      tokens[role] = { header: { authorization: `Bearer ${await stack.token('demo', role, `matrix-${role}`)}` } };
    }
    const exchange = await fetch(`${stack.urls.gateway}/auth/jarvis/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject_token: await stack.token('demo', 'Owner', 'matrix-jarvis-user'), client_secret: stack.jarvisClientSecret }),
    });
    const { access_token } = (await exchange.json()) as { access_token: string };
    tokens['Jarvis for an Owner'] = { header: { authorization: `Bearer ${access_token}` } };
    const created = await graphqlRequest<{ createIntegrationKey: { plaintext: string } }>(
      stack.urls.graphql,
      `mutation { createIntegrationKey(input: { product: "psa", name: "matrix", scopes: ["crm.companies.read"] }) { plaintext } }`,
      {},
      await stack.token('demo', 'Owner', 'matrix-key-owner'),
    );
    tokens['integration key (crm.companies.read)'] = { header: { 'x-integration-key': created.body.data!.createIntegrationKey.plaintext } };
  });

  const callers = Object.keys({
    Owner: 1,
    Admin: 1,
    Member: 1,
    Viewer: 1,
    'Jarvis for an Owner': 1,
    'integration key (crm.companies.read)': 1,
  } satisfies Record<Caller, 1>) as Caller[];

  it.each(callers)('%s', async (caller) => {
    const api = stack.gateway.schema!;
    const verdicts: string[] = [];
    const expected: string[] = [];
    for (const kind of ['query', 'mutation'] as const) {
      const root = kind === 'query' ? api.getQueryType()! : api.getMutationType()!;
      for (const field of Object.values(root.getFields())) {
        // the rule as declared by the subgraph that owns the root field
        const owner = Object.values(subgraphSchemas).find((s) => (kind === 'query' ? s.getQueryType() : s.getMutationType())?.getFields()[field.name]);
        const ownerRoot = kind === 'query' ? owner!.getQueryType()! : owner!.getMutationType()!;
        const permission = permissionOf(ownerRoot, ownerRoot.getFields()[field.name]!);
        const res = await fetch(stack.urls.graphql, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...tokens[caller].header },
          body: JSON.stringify({ query: operationFor(kind, field) }),
        });
        const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        const codes = (body.errors ?? []).map((e) => e.extensions?.code);
        const refused = codes.includes('FORBIDDEN');
        // nothing else may go wrong in a way that hides the verdict
        expect(
          codes.filter((c) => c === 'INTERNAL_SERVER_ERROR' || c === 'UNAUTHENTICATED'),
          `${kind} ${field.name}`,
        ).toEqual([]);
        verdicts.push(`${kind} ${field.name} (${permission}): ${refused ? 'refused' : 'allowed'}`);
        expected.push(`${kind} ${field.name} (${permission}): ${expectedAllowed(caller, permission, kind) ? 'allowed' : 'refused'}`);
      }
    }
    // subscriptions over graphql-ws, the credential in connectionParams: refused at subscribe time
    const client = wsClient(stack.urls.graphql, { connectionParams: tokens[caller].header });
    try {
      const subscriptionType = subgraphSchemas['crm']!.getSubscriptionType()!;
      for (const field of Object.values(api.getSubscriptionType()!.getFields())) {
        const permission = permissionOf(subscriptionType, subscriptionType.getFields()[field.name]!);
        const subscription = new TestSubscription(client, operationFor('subscription', field), {});
        await subscription.ended();
        const codes = ((subscription.error ?? []) as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code);
        // allowed: answered by the subscribe-time check that the made-up record exists
        expect(codes, `subscription ${field.name}`).toEqual([expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/)]);
        verdicts.push(`subscription ${field.name} (${permission}): ${codes[0] === 'FORBIDDEN' ? 'refused' : 'allowed'}`);
        expected.push(`subscription ${field.name} (${permission}): ${expectedAllowed(caller, permission, 'subscription') ? 'allowed' : 'refused'}`);
      }
    } finally {
      await client.dispose();
    }
    expect(verdicts).toEqual(expected);
  });
});

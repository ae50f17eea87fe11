import { buildSchema, GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { IntegrationPrincipal, Principal } from '@onegraph/auth';
import { silentLogger } from '@onegraph/log';
import { createAdmission, type Admission, type AdmissionOptions } from '../src/subscriptions/admission.ts';
import type { EarlyEvents } from '../src/subscriptions/early-events.ts';
import type { SubscriptionFieldSpec } from '../src/subscriptions/field-spec.ts';

/**
 * The admission of subscribe messages, without a socket, a Bus or a
 * supergraph: a message and a caller in, a verdict out.
 */
const schema = buildSchema(`
  type Query { item(id: ID!): Item }
  type Item { id: ID! name: String note(lang: String): String }
  type Subscription { itemChanged(itemId: ID!): Item }
`);

const itemChanged: SubscriptionFieldSpec = {
  permission: 'items.read',
  topic: 'items',
  eventTypes: ['item.changed'],
  entityField: 'item',
  entityId: (data) => String(data['itemId']),
  keyOf: (args) => String(args['itemId']),
  keysOf: (data) => [String(data['itemId'])],
  guard: {
    query: 'query Guard($id: ID!) { result: item(id: $id) { id } }',
    variables: (args) => ({ id: args['itemId'] }),
    missing: (data, args) => (data['result'] ? undefined : ['Item', String(args['itemId'])]),
  },
};

const reader: IntegrationPrincipal = { kind: 'integration', org: 'demo', sub: 'integration:k1', keyId: 'k1', product: 'psa', scopes: ['items.read'] };
const stranger: IntegrationPrincipal = { ...reader, sub: 'integration:k2', keyId: 'k2', scopes: ['other.read'] };

/** An admission over the schema above; records what it held and ran. */
function admissionWith(overrides: Partial<AdmissionOptions> = {}) {
  const held: { key: string; stopped: boolean }[] = [];
  const guards: Record<string, unknown>[] = [];
  const admission = createAdmission({
    schema: () => schema,
    fields: { itemChanged },
    run: async (_query, variables) => {
      guards.push(variables);
      return { data: { result: variables['id'] === 'missing' ? null : { id: variables['id'] } } };
    },
    resumePoint: async () => undefined,
    hold: (subscriber) => {
      const entry = { key: subscriber.key, stopped: false };
      held.push(entry);
      const early: EarlyEvents = { take: () => ({ events: [], overflowed: false }), stop: () => void (entry.stopped = true) };
      return early;
    },
    log: silentLogger,
    ...overrides,
  });
  return { admission, held, guards };
}

const SUBSCRIBE = 'subscription Watch($id: ID!, $lang: String) { changed: itemChanged(itemId: $id) { id name note(lang: $lang) } }';
const codes = (admitted: Admission) => (admitted.kind === 'refused' ? admitted.errors.map((e: GraphQLError) => e.extensions['code']) : admitted.kind);

describe('the admission of subscribe messages', () => {
  it('admits a subscription: its field, routing key, entity query, the variables it uses and a share key', async () => {
    const { admission, held, guards } = admissionWith();
    const admitted = await admission.admit({ query: SUBSCRIBE, variables: { id: 'it_1', lang: 'en' }, operationName: 'Watch' }, reader);
    if (admitted.kind !== 'subscription') throw new Error(`expected a subscription, got ${JSON.stringify(codes(admitted))}`);
    const { subscription } = admitted;
    expect(subscription).toMatchObject({
      field: 'itemChanged',
      key: 'it_1',
      responseKey: 'changed',
      variables: { lang: 'en' },
      operationName: 'Watch',
      resume: undefined,
    });
    expect(subscription.template.query(1).replace(/\s+/g, ' ')).toBe(
      'query Watch($lang: String, $__e0: ID!) { e0: item(id: $__e0) { id name note(lang: $lang) } }',
    );
    expect(guards).toEqual([{ id: 'it_1' }]);
    expect(held).toEqual([{ key: 'it_1', stopped: false }]);

    // a subscriber of another item with the same selection, variables and scope shares resolutions; other variables do not
    const same = await admission.admit({ query: SUBSCRIBE, variables: { id: 'it_2', lang: 'en' }, operationName: 'Watch' }, reader);
    const other = await admission.admit({ query: SUBSCRIBE, variables: { id: 'it_1', lang: 'fr' }, operationName: 'Watch' }, reader);
    expect(same.kind === 'subscription' && same.subscription.shareKey).toBe(subscription.shareKey);
    expect(other.kind === 'subscription' && other.subscription.shareKey).not.toBe(subscription.shareKey);
    admission.stop();
  });

  it('runs queries and mutations over the socket as they are', async () => {
    const { admission, held } = admissionWith();
    const admitted = await admission.admit({ query: '{ item(id: "it_1") { id } }' }, undefined);
    expect(admitted.kind).toBe('operation');
    expect(held).toEqual([]);
    admission.stop();
  });

  it('refuses, with coded errors, what cannot be subscribed to, and stops holding events for it', async () => {
    const { admission, held } = admissionWith({
      resumePoint: async (extensions) =>
        extensions?.['cursor'] === 'bad' ? [new GraphQLError('bad cursor', { extensions: { code: 'BAD_USER_INPUT' } })] : undefined,
    });
    const admit = (query: string, variables: Record<string, unknown>, principal: Principal | undefined = reader, extensions?: Record<string, unknown>) =>
      admission.admit({ query, variables, ...(extensions ? { extensions } : {}) }, principal);
    expect(codes(await admit('subscription { itemChanged(itemId: ', {}))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(await admit('subscription { nope }', {}))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(await admission.admit({ query: SUBSCRIBE, variables: { id: 'it_1' } }, undefined))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await admit(SUBSCRIBE, { id: 'it_1' }, stranger))).toEqual(['FORBIDDEN']);
    expect(codes(await admit(SUBSCRIBE, {}))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await admit(SUBSCRIBE, { id: 'missing' }))).toEqual(['NOT_FOUND']);
    expect(codes(await admit(SUBSCRIBE, { id: 'it_1' }, reader, { cursor: 'bad' }))).toEqual(['BAD_USER_INPUT']);
    // held from the moment the field and key were known, and dropped when refused
    expect(held).toEqual([
      { key: 'missing', stopped: true },
      { key: 'it_1', stopped: true },
    ]);
    admission.stop();
  });

  it('refuses a field no plugin serves, and everything before the supergraph is loaded', async () => {
    const unserved = admissionWith({ fields: {} });
    expect(codes(await unserved.admission.admit({ query: SUBSCRIBE, variables: { id: 'it_1' } }, reader))).toEqual(['BAD_USER_INPUT']);
    unserved.admission.stop();
    const starting = admissionWith({ schema: () => undefined });
    expect(codes(await starting.admission.admit({ query: SUBSCRIBE, variables: { id: 'it_1' } }, reader))).toEqual(['SERVICE_UNAVAILABLE']);
    starting.admission.stop();
  });
});

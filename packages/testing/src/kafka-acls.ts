/**
 * Who may do what on the test broker (scripts/kafka-test-broker.sh, which runs this file with the
 * broker's address and credentials file once the broker serves), and the credentials of its
 * principals. The same grants an operator makes in production (docs/bus.md), plus the test-only
 * ones: namespaced topics and groups (`t<hex>.onestack.psa.events`, one namespace per test file).
 *
 * Runs under plain Node (type stripping): erasable TypeScript only, and nothing imported that is not.
 */
import { readFileSync } from 'node:fs';
// kafkajs is CommonJS whose exports Node cannot name statically: its default export is the module
import kafkajs, { type AclEntry, type Admin } from 'kafkajs';
import { dlqTopicOf, products, topicOf, type Product } from '@onegraph/bus/topics';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } = kafkajs;
type AclOperationTypes = kafkajs.AclOperationTypes;
type AclResourceTypes = kafkajs.AclResourceTypes;
type ResourcePatternTypes = kafkajs.ResourcePatternTypes;

/** The principals of the test broker: the super user, One Graph's services, and each product that publishes. */
export const kafkaPrincipals = ['admin', 'onegraph', 'psa', 'books', 'voice', 'portal', 'hub', 'm365'] as const;
export type KafkaPrincipal = (typeof kafkaPrincipals)[number];
/** The products that publish on the Bus, each with a principal of its own (every product but the CRM, which is One Graph). */
export type ProductPrincipal = Exclude<Product, 'crm'>;
export const productPrincipals: readonly ProductPrincipal[] = products.filter((p): p is ProductPrincipal => p !== 'crm');

/** Each principal's SCRAM-SHA-512 password. */
export type KafkaCredentials = Readonly<Record<KafkaPrincipal, string>>;

/** What kafkajs' `sasl` option takes. */
export interface ScramLogin {
  mechanism: 'scram-sha-512';
  username: string;
  password: string;
}

/** Topic and group names of test namespaces start with this (`t` and 8 hex digits, then a dot): One Graph may use any of them. */
export const TEST_NAMESPACE_PREFIX = 't';

/** Reads a credentials file (`name=password` lines, written by the broker script for a new run dir). */
export function readKafkaCredentials(file: string): KafkaCredentials {
  const entries = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) entries.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  const missing = kafkaPrincipals.filter((p) => !entries.get(p));
  if (missing.length > 0) throw new Error(`${file} has no password for ${missing.join(', ')}`);
  return Object.fromEntries(kafkaPrincipals.map((p) => [p, entries.get(p) ?? ''])) as Record<KafkaPrincipal, string>;
}

/** The kafkajs `sasl` option of a principal. */
export function scramLogin(credentials: KafkaCredentials, principal: KafkaPrincipal): ScramLogin {
  return { mechanism: 'scram-sha-512', username: principal, password: credentials[principal] };
}

const allow = (
  principal: KafkaPrincipal,
  resourceType: AclResourceTypes,
  resourcePatternType: ResourcePatternTypes,
  resourceName: string,
  operations: readonly AclOperationTypes[],
): AclEntry[] =>
  operations.map((operation) => ({
    resourceType,
    resourceName,
    resourcePatternType,
    principal: `User:${principal}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  }));

const { TOPIC, GROUP } = AclResourceTypes;
const { LITERAL, PREFIXED } = ResourcePatternTypes;
const { READ, WRITE, CREATE, DESCRIBE, DELETE, ALL } = AclOperationTypes;

/**
 * What each product may do, its topics named with `prefix` (a test namespace, or '' in production):
 * write (and create) its own topic only; read the CRM's events with groups named after itself.
 */
export function productAcls(prefix = ''): AclEntry[] {
  return productPrincipals.flatMap((product) => [
    ...allow(product, TOPIC, LITERAL, `${prefix}${topicOf(product)}`, [WRITE, DESCRIBE, CREATE]),
    ...allow(product, TOPIC, LITERAL, `${prefix}${topicOf('crm')}`, [READ, DESCRIBE]),
    ...allow(product, GROUP, PREFIXED, `${prefix}${product}.`, [READ, DESCRIBE, DELETE]),
  ]);
}

/**
 * What One Graph's services may do in production: read every `onestack.` topic (and create the ones
 * missing), write the CRM's events and the dead-letter topics, and use their consumer groups
 * (`crm.…`, `integrations.…`, `onegraph-…`: the gateway's and the replay readers').
 */
export function oneGraphAcls(): AclEntry[] {
  return [
    ...allow('onegraph', TOPIC, PREFIXED, 'onestack.', [READ, DESCRIBE, CREATE]),
    ...allow('onegraph', TOPIC, LITERAL, topicOf('crm'), [WRITE]),
    ...products.flatMap((p) => allow('onegraph', TOPIC, LITERAL, dlqTopicOf(topicOf(p)), [WRITE])),
    ...['crm.', 'integrations.', 'onegraph-'].flatMap((group) => allow('onegraph', GROUP, PREFIXED, group, [READ, DESCRIBE, DELETE])),
  ];
}

/**
 * The test broker's ACLs: production's, and One Graph's principal may do anything with test
 * namespaces' topics and groups (tests publish the other products' events through the stack's own
 * Bus, create and trim topics). Products get their grants per namespace (`grantTestNamespace`).
 */
export function testBrokerAcls(): AclEntry[] {
  return [
    ...productAcls(),
    ...oneGraphAcls(),
    ...allow('onegraph', TOPIC, PREFIXED, TEST_NAMESPACE_PREFIX, [ALL]),
    ...allow('onegraph', GROUP, PREFIXED, TEST_NAMESPACE_PREFIX, [ALL]),
  ];
}

const POLL_MS = 100;

/**
 * Creates `acls` in one request and waits until every broker of `brokers` enforces them (a broker
 * learns them from the metadata log a moment after the controller committed them; DescribeAcls is
 * answered from its own authorizer).
 */
export async function createKafkaAcls(brokers: readonly string[], admin: ScramLogin, acls: readonly AclEntry[], timeoutMs = 30_000): Promise<void> {
  const client = (list: readonly string[]) => new Kafka({ clientId: 'kafka-acls', brokers: [...list], sasl: admin, logLevel: logLevel.NOTHING }).admin();
  const all = client(brokers);
  await all.connect();
  try {
    await all.createAcls({ acl: [...acls] });
  } finally {
    await all.disconnect();
  }
  const deadline = Date.now() + timeoutMs;
  for (const broker of brokers) {
    const one = client([broker]);
    await one.connect();
    try {
      while (!(await hasAcls(one, acls))) {
        if (Date.now() > deadline) throw new Error(`Kafka broker ${broker} does not enforce the new ACLs after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      await one.disconnect();
    }
  }
}

async function hasAcls(admin: Admin, acls: readonly AclEntry[]): Promise<boolean> {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const present = new Set(
    resources.flatMap((r) =>
      r.acls.map((a) => `${r.resourceType}|${r.resourcePatternType}|${r.resourceName}|${a.principal}|${a.operation}|${a.permissionType}`),
    ),
  );
  return acls.every((a) => present.has(`${a.resourceType}|${a.resourcePatternType}|${a.resourceName}|${a.principal}|${a.operation}|${a.permissionType}`));
}

/**
 * Lets each product principal write its own topic of test namespace `namespace` (and read its
 * CRM topic), as it may in production: what a test that publishes as a product needs first.
 */
export async function grantTestNamespace(brokers: readonly string[], credentials: KafkaCredentials, namespace: string): Promise<void> {
  if (!namespace.startsWith(TEST_NAMESPACE_PREFIX)) throw new Error(`a test namespace starts with "${TEST_NAMESPACE_PREFIX}" (got "${namespace}")`);
  await createKafkaAcls(brokers, scramLogin(credentials, 'admin'), productAcls(namespace));
}

// `node packages/testing/src/kafka-acls.ts <brokers> <credentials file>`: the broker script's step
if (import.meta.main) {
  const [brokers, file] = process.argv.slice(2);
  if (!brokers || !file) {
    console.error('usage: node kafka-acls.ts <host:port,...> <credentials file>');
    process.exit(2);
  }
  await createKafkaAcls(brokers.split(','), scramLogin(readKafkaCredentials(file), 'admin'), testBrokerAcls());
}

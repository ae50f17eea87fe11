/**
 * Manages the persisted-operations manifest (the allow-list the gateway
 * enforces for the caller classes in PERSISTED_OPERATIONS_REQUIRED_FOR):
 *
 *   npm run persisted -- add FILE.graphql [--manifest persisted-operations.json]
 *   npm run persisted -- list | remove HASH
 *
 * Each operation is stored under the sha256 of its exact text, which is what
 * clients send as `extensions.persistedQuery.sha256Hash`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Kind, parse, print } from 'graphql';
import { operationHash, type PersistedManifest } from '@onegraph/gateway';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { manifest: { type: 'string', default: process.env['PERSISTED_OPERATIONS_FILE'] ?? 'persisted-operations.json' } },
});
const [command, argument] = positionals;
const manifestPath = values.manifest;
const manifest: PersistedManifest = await readFile(manifestPath, 'utf8').then(
  (t) => JSON.parse(t) as PersistedManifest,
  () => ({}),
);

switch (command) {
  case 'add': {
    if (!argument) throw new Error('usage: add FILE.graphql');
    const document = parse(await readFile(argument, 'utf8'));
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      // each operation with the fragments of its file, printed canonically
      const text = print({ kind: Kind.DOCUMENT, definitions: [definition, ...fragments] });
      const hash = operationHash(text);
      manifest[hash] = text;
      console.log(`${hash}  ${definition.name?.value ?? '(anonymous)'}`);
    }
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    break;
  }
  case 'remove': {
    if (!argument || !(argument in manifest)) throw new Error(`no operation ${argument ?? ''} in ${manifestPath}`);
    delete manifest[argument];
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`removed ${argument}`);
    break;
  }
  case 'list':
    for (const [hash, text] of Object.entries(manifest)) console.log(`${hash}  ${/(query|mutation|subscription)\s+(\w+)/.exec(text)?.[2] ?? '(anonymous)'}`);
    break;
  default:
    console.error('usage: npm run persisted -- add FILE.graphql | list | remove HASH [--manifest FILE]');
    process.exit(2);
}

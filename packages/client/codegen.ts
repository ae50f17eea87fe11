import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = import.meta.dirname;

/** The gateway's hash of an operation (hex sha256 of its text, without the preset's `sha256:` prefix). */
const sha256 = (operation: string) => createHash('sha256').update(operation).digest('hex');

/**
 * The client's typed documents, from `operations/*.graphql` against the
 * supergraph, with codegen's client preset: string documents (a front end
 * ships no GraphQL parser or printer) carrying each operation's sha256 in
 * `__meta__.hash`, and `persisted-documents.json`, the hash → operation
 * manifest the gateway's allow-list loads (`PERSISTED_OPERATIONS_FILE`).
 * The root `codegen.ts` includes it, so `npm test` checks it is current.
 */
export const clientGenerates: CodegenConfig['generates'] = {
  [`${here}/src/generated/`]: {
    schema: `${here}/../../schema/supergraph.graphql`,
    documents: `${here}/operations/*.graphql`,
    preset: 'client',
    presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: sha256, mode: 'embedHashInDocument' } },
    config: {
      importExtension: '.ts',
      avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      useTypeImports: true,
      enumsAsTypes: true,
      documentMode: 'string',
      scalars: { DateTime: 'string', Date: 'string', Decimal: 'string' },
    },
  },
};

const config: CodegenConfig = { overwrite: true, generates: clientGenerates };
export default config;

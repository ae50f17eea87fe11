import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ErrorCode } from '@onegraph/errors';
import type { RequestRefusal } from '@onegraph/http';

/**
 * The persisted-operations manifest: the operations a client may run by
 * hash, as `{ "<sha256 of the query text>": "<query text>" }` (the format of
 * Apollo's persisted-query manifests and `npm run persisted -- add`).
 */
export type PersistedManifest = Record<string, string>;

export const operationHash = (query: string) => createHash('sha256').update(query).digest('hex');

export function loadManifest(path: string): PersistedManifest {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw new Error(`${path}: expected a JSON object of hash → query`);
  for (const [hash, query] of Object.entries(manifest)) {
    if (typeof query !== 'string' || operationHash(query) !== hash) throw new Error(`${path}: entry ${hash} is not the sha256 of its query`);
  }
  return manifest as PersistedManifest;
}

/**
 * Resolves an operation sent by hash (`extensions.persistedQuery.sha256Hash`,
 * as Apollo clients send it, or `documentId`) to its text. With `required`,
 * only registered operations run: text that is not in the manifest is
 * refused, so a client restricted to the allow-list (the PSA widget, Jarvis)
 * cannot run anything else.
 */
export function resolvePersisted(operation: Record<string, unknown>, manifest: PersistedManifest, required: boolean): Record<string, unknown> | RequestRefusal {
  const extensions = operation['extensions'] as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = extensions?.persistedQuery?.sha256Hash ?? operation['documentId'];
  const query = operation['query'];
  if (typeof hash === 'string') {
    const known = manifest[hash];
    if (known === undefined) {
      return required ? { refuse: ErrorCode.PERSISTED_QUERY_NOT_ALLOWED, message: 'This operation is not in the persisted-operations allow-list' } : operation; // Apollo's APQ handles unknown hashes for unrestricted callers
    }
    const { documentId: _id, extensions: ext, ...rest } = operation;
    const { persistedQuery: _pq, ...otherExtensions } = (ext ?? {}) as Record<string, unknown>;
    return { ...rest, query: known, ...(Object.keys(otherExtensions).length ? { extensions: otherExtensions } : {}) };
  }
  if (required) {
    if (typeof query === 'string' && manifest[operationHash(query)] !== undefined) return operation;
    return {
      refuse: ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
      message: 'Only persisted operations may run for this caller: send extensions.persistedQuery.sha256Hash',
    };
  }
  return operation;
}

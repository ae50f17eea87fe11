import type { RequestRefusal } from '@onegraph/http';
import type { GraphqlRequest } from '../../plugin.ts';
import type { LimitClass } from '../../security/limits.ts';
import { resolvePersisted, type PersistedManifest } from '../../security/persisted-manifest.ts';

/** Sees each operation of a request's body before Apollo does: rewrites it, or refuses the request. */
export type OperationHook = (operation: Record<string, unknown>, request: GraphqlRequest) => Record<string, unknown> | RequestRefusal;

/**
 * Persisted operations: an operation sent by hash runs the registered text;
 * callers of the classes in `requiredFor` run nothing else.
 */
export function persistedOperationsHook(
  persisted: { manifest: PersistedManifest; requiredFor: readonly LimitClass[] },
  limitClassOf: (request: GraphqlRequest) => LimitClass,
): OperationHook {
  return (operation, request) => resolvePersisted(operation, persisted.manifest, persisted.requiredFor.includes(limitClassOf(request)));
}

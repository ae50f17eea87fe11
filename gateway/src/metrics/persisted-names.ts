import { Kind, parse } from 'graphql';
import type { PersistedManifest } from '../security/persisted-manifest.ts';

/** The operation names of a persisted-operations manifest: with one, the only names the metrics keep as labels. */
export function persistedOperationNames(manifest: PersistedManifest): ReadonlySet<string> {
  const names = new Set<string>();
  for (const text of Object.values(manifest)) {
    try {
      for (const definition of parse(text).definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
      }
    } catch {
      // an unparsable entry names nothing; it is refused when used
    }
  }
  return names;
}

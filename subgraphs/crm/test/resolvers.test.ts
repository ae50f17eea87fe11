import { describe, expect, it } from 'vitest';
import { Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { subgraphSdl } from '@onegraph/schema';
import { mergeResolvers, resolvers } from '../src/resolvers.ts';

describe('the resolver map assembled from the features', () => {
  it('resolves every Query, Mutation and Subscription field of the crm SDL', () => {
    const roots = ['Query', 'Mutation', 'Subscription'];
    const missing: string[] = [];
    let checked = 0;
    for (const def of parse(subgraphSdl('crm')).definitions) {
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      const type = def as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
      if (!roots.includes(type.name.value)) continue;
      const map = (resolvers as Record<string, Record<string, unknown> | undefined>)[type.name.value] ?? {};
      for (const field of type.fields ?? []) {
        checked++;
        if (!(field.name.value in map)) missing.push(`${type.name.value}.${field.name.value}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('merges type by type and refuses a field two features define', () => {
    const a = { Quote: { total: () => '1' } };
    const b = { Quote: { portalUrl: () => null } };
    expect(Object.keys(mergeResolvers(a, b).Quote ?? {})).toEqual(['total', 'portalUrl']);
    expect(() => mergeResolvers(a, { Quote: { total: () => '2' } })).toThrow('Quote.total is defined by two features');
  });
});

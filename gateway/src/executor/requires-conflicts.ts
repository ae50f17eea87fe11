// Apollo's query planner (2.14) merges the fields two `@requires` of one
// entity fetch ask for by name, dropping their arguments' differences: with
// `shippingEstimate @requires(fields: "price(currency: \"USD\")")` and
// `shippingEstimateEUR @requires(fields: "price(currency: \"EUR\")")` both
// selected, one `price(currency: "EUR")` is fetched and both fields are
// computed from it. We call the planner so that it never sees such a pair:
// the operation is split into parts in which no two selected fields of a
// type have conflicting requirements, each part is planned alone, and the
// parts' results are merged before the response is shaped from the whole
// operation.
import {
  GraphQLObjectType,
  Kind,
  parse,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** For each `Type.field` selected that takes part in a conflict, the part it is planned in (0: the main part). */
export type ConflictParts = Map<string, number>;

/**
 * The parts an operation must be planned in, or undefined when one plan is
 * right (no two selected fields of a type whose `@requires` select the same
 * field with different arguments). `supergraph` is the supergraph schema
 * (its `@join__field(requires:)` directives); `operation` has no fragment
 * spreads left (see `inlineFragments`).
 */
export function requiresConflicts(supergraph: GraphQLSchema, document: DocumentNode): ConflictParts | undefined {
  const requiring = new Map<string, Map<string, Map<string, string>>>(); // type -> field -> requirement path -> arguments
  const typeInfo = new TypeInfo(supergraph);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!(parent instanceof GraphQLObjectType)) return;
        const definition = parent.getFields()[node.name.value];
        const requires = definition?.astNode?.directives
          ?.filter((d) => d.name.value === 'join__field')
          .flatMap((d) => d.arguments?.filter((a) => a.name.value === 'requires') ?? [])
          .map((a) => (a.value.kind === Kind.STRING ? a.value.value : ''))
          .filter((value) => value !== '');
        if (!requires?.length) return;
        let fields = requiring.get(parent.name);
        if (!fields) requiring.set(parent.name, (fields = new Map()));
        if (fields.has(node.name.value)) return;
        const signature = new Map<string, string>();
        for (const fieldSet of requires) collectArguments((parse(`{ ${fieldSet} }`).definitions[0] as OperationDefinitionNode).selectionSet, '', signature);
        fields.set(node.name.value, signature);
      },
    }),
  );

  let parts: ConflictParts | undefined;
  for (const [type, fields] of requiring) {
    const names = [...fields.keys()];
    const colours = new Map<string, number>();
    for (const name of names) {
      const taken = new Set<number>();
      for (const [other, colour] of colours) if (conflict(fields.get(name)!, fields.get(other)!)) taken.add(colour);
      let colour = 0;
      while (taken.has(colour)) colour++;
      colours.set(name, colour);
    }
    if ([...colours.values()].every((colour) => colour === 0)) continue;
    parts ??= new Map();
    for (const [name, colour] of colours) parts.set(`${type}.${name}`, colour);
  }
  return parts;
}

function collectArguments(selectionSet: SelectionSetNode, prefix: string, into: Map<string, string>): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const path = `${prefix}${selection.name.value}`;
      into.set(path, printArguments(selection.arguments));
      if (selection.selectionSet) collectArguments(selection.selectionSet, `${path}.`, into);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectArguments(selection.selectionSet, prefix, into);
    }
  }
}

const printArguments = (args: readonly ArgumentNode[] | undefined) =>
  (args ?? [])
    .map((a) => `${a.name.value}:${print(a.value)}`)
    .sort()
    .join(',');

function conflict(a: Map<string, string>, b: Map<string, string>): boolean {
  for (const [path, args] of a) {
    const other = b.get(path);
    if (other !== undefined && other !== args) return true;
  }
  return false;
}

/** The operation with every fragment spread replaced by an inline fragment of its fragment's selections. */
export function inlineFragments(document: DocumentNode, operationName: string | undefined): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || definition.name?.value === operationName))
      operation ??= definition;
  }
  if (!operation) throw new Error('no operation to inline fragments into');
  const inline = (node: OperationDefinitionNode | InlineFragmentNode | FieldNode, seen: readonly string[]): typeof node =>
    visit(node, {
      FragmentSpread(spread): InlineFragmentNode | null {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || seen.includes(spread.name.value)) return null;
        const expanded: InlineFragmentNode = {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: fragment.typeCondition,
          ...(spread.directives ? { directives: spread.directives } : {}),
          selectionSet: fragment.selectionSet,
        };
        return inline(expanded, [...seen, spread.name.value]) as InlineFragmentNode;
      },
    });
  return { kind: Kind.DOCUMENT, definitions: [inline(operation, []) as OperationDefinitionNode] };
}

/**
 * The part `part` of an operation: part 0 is the operation without the
 * fields of other parts; part n > 0 holds only the fields of part n and the
 * selections that lead to them.
 */
export function operationPart(supergraph: GraphQLSchema, document: DocumentNode, parts: ConflictParts, part: number): DocumentNode {
  const typeInfo = new TypeInfo(supergraph);
  const typename: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parent = typeInfo.getParentType();
          const assigned = parent ? parts.get(`${parent.name}.${node.name.value}`) : undefined;
          // a field of a part is kept whole in it, and left out of the others
          if (assigned !== undefined) return assigned === part ? false : null;
          return undefined;
        },
        leave(node) {
          return part > 0 && (!node.selectionSet || node.selectionSet.selections.length === 0) ? null : undefined;
        },
      },
      SelectionSet: {
        leave(node) {
          if (node.selections.length > 0) return undefined;
          return part === 0 ? { ...node, selections: [typename] } : undefined;
        },
      },
      InlineFragment: {
        leave(node) {
          return part > 0 && node.selectionSet.selections.length === 0 ? null : undefined;
        },
      },
    }),
  );
}

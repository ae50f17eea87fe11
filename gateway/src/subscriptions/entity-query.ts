import { Kind, OperationTypeNode, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode, type VariableDefinitionNode } from 'graphql';

/** The variable the entity's id is passed in; the `__` prefix keeps it clear of client variables. */
export const ENTITY_ID_VARIABLE = '__entityId';

export interface SubscriptionOperation {
  operation: OperationDefinitionNode;
  field: FieldNode;
}

/** The subscription operation to run and its single root field. */
export function subscriptionRoot(document: DocumentNode, operationName?: string | null): SubscriptionOperation | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION) return undefined;
  const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
  if (fields.length !== 1 || operation.selectionSet.selections.length !== 1) return undefined;
  return { operation, field: fields[0]! };
}

/**
 * Rewrites `subscription { companyActivity(companyId: $c) { ...selection } }`
 * into `query ($__entityId: ID!) { companyActivity: activity(id: $__entityId) { ...selection } }`:
 * the same selection, under the same response key, loaded by the entity's
 * id. The query planner then fetches each field from whichever subgraph
 * owns it, and the result has exactly the shape the subscriber asked for.
 */
export function entityQuery(document: DocumentNode, root: SubscriptionOperation, entityField: string): DocumentNode {
  const idVariable: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY_ID_VARIABLE } },
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
  };
  const field: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: root.field.alias?.value ?? root.field.name.value },
    name: { kind: Kind.NAME, value: entityField },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'id' },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY_ID_VARIABLE } },
      },
    ],
    directives: root.field.directives ?? [],
    ...(root.field.selectionSet ? { selectionSet: root.field.selectionSet } : {}),
  };
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  // the subscription's own arguments (`companyId`) are gone: keep only the variables still used
  const used = new Set<string>([ENTITY_ID_VARIABLE]);
  for (const node of [field, ...fragments]) {
    visit(node, { Variable: (v) => void used.add(v.name.value) });
  }
  const query: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: OperationTypeNode.QUERY,
    ...(root.operation.name ? { name: root.operation.name } : {}),
    variableDefinitions: [...(root.operation.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)), idVariable],
    directives: [],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
  };
  return {
    kind: Kind.DOCUMENT,
    definitions: [query, ...fragments],
  };
}

import {
  GraphQLID,
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInt,
  GraphQLString,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/** A JSON Schema (draft 2020-12) as MCP tools declare their input. */
export interface JsonSchema {
  type?: string | readonly string[];
  description?: string;
  format?: string;
  pattern?: string;
  enum?: readonly string[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  default?: unknown;
  [keyword: string]: unknown;
}

/**
 * How our custom scalars look on the wire: a format an agent knows, and the
 * scalar's own description. Any other custom scalar is described by its SDL
 * description alone.
 */
const scalarSchemas: Record<string, JsonSchema> = {
  DateTime: { type: 'string', format: 'date-time' },
  Date: { type: 'string', format: 'date' },
  Decimal: { type: 'string', pattern: '^-?\\d+(\\.\\d{1,4})?$' },
  E164: { type: 'string', pattern: '^\\+[1-9]\\d{1,14}$' },
};

const builtInScalars: Record<string, JsonSchema> = {
  [GraphQLInt.name]: { type: 'integer' },
  [GraphQLFloat.name]: { type: 'number' },
  [GraphQLString.name]: { type: 'string' },
  [GraphQLBoolean.name]: { type: 'boolean' },
  [GraphQLID.name]: { type: 'string' },
};

/** The JSON Schema of one GraphQL input type: non-null is the caller's `required`, lists are arrays, input objects nested. */
export function schemaOfType(type: GraphQLInputType, seen: ReadonlySet<string> = new Set()): JsonSchema {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return { type: 'array', items: schemaOfType(inner.ofType, seen) };
  if (isScalarType(inner)) {
    const known = builtInScalars[inner.name] ?? scalarSchemas[inner.name] ?? {};
    return { ...known, ...(inner.description && !builtInScalars[inner.name] ? { description: inner.description } : {}) };
  }
  if (isEnumType(inner)) {
    return { type: 'string', enum: inner.getValues().map((v) => v.name), ...(inner.description ? { description: inner.description } : {}) };
  }
  if (isInputObjectType(inner)) {
    // a recursive input type is described once; deeper, it is any object
    if (seen.has(inner.name)) return { type: 'object', description: `A ${inner.name}` };
    const next = new Set(seen).add(inner.name);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const field of Object.values(inner.getFields())) {
      properties[field.name] = { ...schemaOfType(field.type, next), ...(field.description ? { description: field.description } : {}) };
      if (isNonNullType(field.type) && field.defaultValue === undefined) required.push(field.name);
    }
    return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
  }
  return {};
}

/**
 * A tool's input schema from its operation's variables: each variable a
 * property (required when non-null without a default), described by the
 * argument or input field it feeds.
 */
export function inputSchemaOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): JsonSchema {
  const descriptions = variableDescriptions(schema, document);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    const property: JsonSchema = { ...schemaOfType(type) };
    const description = descriptions.get(name);
    if (description) property.description = property.description ? `${description} (${property.description})` : description;
    if (definition.defaultValue) {
      const value = valueFromAST(definition.defaultValue, type);
      if (value !== undefined) property.default = value;
    } else if (isNonNullType(type)) required.push(name);
    properties[name] = property;
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/** What each variable feeds: the description of the argument or input field it is passed to (the first one). */
function variableDescriptions(schema: GraphQLSchema, document: DocumentNode): Map<string, string> {
  const descriptions = new Map<string, string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const description = typeInfo.getArgument()?.description;
        if (node.value.kind === 'Variable' && description && !descriptions.has(node.value.name.value)) descriptions.set(node.value.name.value, description);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        const inner = parent && isNonNullType(parent) ? parent.ofType : parent;
        const description = inner && isInputObjectType(inner) ? inner.getFields()[node.name.value]?.description : undefined;
        if (node.value.kind === 'Variable' && description && !descriptions.has(node.value.name.value)) descriptions.set(node.value.name.value, description);
      },
    }),
  );
  return descriptions;
}

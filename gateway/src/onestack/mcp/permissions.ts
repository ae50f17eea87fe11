import {
  getNamedType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { hasPermission, type Principal, type Rule } from '@onegraph/auth';

/**
 * The authorization rules of the graph's fields, read from the subgraphs'
 * SDL (`@requiresPermissions`, `@requiresAuthentication`): the rules the
 * subgraphs enforce, which the supergraph does not carry. A type's rule
 * applies to the fields it defines, as in `rulesOf` (@onegraph/auth).
 */
export type FieldRules = ReadonlyMap<string, readonly Rule[]>;

export function fieldRulesOf(subgraphSdls: readonly string[]): FieldRules {
  const rules = new Map<string, Rule[]>();
  for (const sdl of subgraphSdls) {
    for (const definition of parse(sdl).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      const typeRule = ruleOf(definition.directives);
      for (const field of definition.fields ?? []) {
        const own = [typeRule, ruleOf(field.directives)].filter((r): r is Rule => r !== undefined);
        if (own.length === 0) continue;
        const key = `${definition.name.value}.${field.name.value}`;
        rules.set(key, [...(rules.get(key) ?? []), ...own]);
      }
    }
  }
  return rules;
}

function ruleOf(directives: readonly ConstDirectiveNode[] | undefined): Rule | undefined {
  for (const d of directives ?? []) {
    if (d.name.value === 'requiresAuthentication') return { kind: 'authenticated' };
    if (d.name.value !== 'requiresPermissions') continue;
    const arg = d.arguments?.find((a) => a.name.value === 'anyOf')?.value;
    if (arg?.kind !== Kind.LIST) continue;
    const anyOf = arg.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : []));
    return { kind: 'scopes', anyOf };
  }
  return undefined;
}

export const allows = (rule: Rule, principal: Principal) =>
  rule.kind === 'authenticated' || rule.anyOf.some((all) => all.every((permission) => hasPermission(principal, permission)));

/** What a rule asks, for error messages. */
export const describeRule = (rule: Rule) =>
  rule.kind === 'authenticated' ? 'an authenticated caller' : rule.anyOf.map((all) => all.join(' and ')).join(' or ');

/** A field the caller may not read in an operation. */
export interface Forbidden {
  field: string;
  needs: string;
}

/** The fields of an operation the principal's permissions do not allow (none: it may run it), as the subgraphs would refuse them. */
export function forbiddenFields(schema: GraphQLSchema, document: DocumentNode, rules: FieldRules, principal: Principal): Forbidden[] {
  const forbidden: Forbidden[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        const key = `${parent.name}.${node.name.value}`;
        for (const rule of rules.get(key) ?? []) {
          if (!allows(rule, principal) && !forbidden.some((f) => f.field === key)) forbidden.push({ field: key, needs: describeRule(rule) });
        }
      },
    }),
  );
  return forbidden;
}

/** Whether the principal may read a field (no rule recorded: the subgraph decides, and it is shown). */
export function mayRead(rules: FieldRules, principal: Principal, typeName: string, fieldName: string): boolean {
  return (rules.get(`${typeName}.${fieldName}`) ?? []).every((rule) => allows(rule, principal));
}

/** Whether the principal may read anything of a type (an object type with at least one readable field). */
export function mayReadType(schema: GraphQLSchema, rules: FieldRules, principal: Principal, typeName: string): boolean {
  const type = getNamedType(schema.getType(typeName) ?? undefined);
  if (!type || !isObjectType(type)) return true;
  return Object.keys(type.getFields()).some((field) => mayRead(rules, principal, typeName, field));
}

import {
  defaultFieldResolver,
  GraphQLError,
  isObjectType,
  Kind,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { hasPermission } from './permissions.ts';
import { checkPortalScope } from './portal-scope.ts';
import type { Principal } from './principal.ts';

/**
 * A field's authorization rule, read from the directives in the subgraph's
 * SDL: `@requiresPermissions(anyOf: [["crm.companies.read"]])` (any inner
 * list fully held) or `@requiresAuthentication` (any verified principal).
 * They are our own directives, not Federation's `@requiresScopes` and
 * `@authenticated`: Apollo Gateway refuses supergraphs carrying those
 * (it cannot enforce them), and enforcement lives in the subgraphs. A
 * rule on a type applies to all its fields; a field's own rule applies too
 * (both must pass). The SDL is the single place rules are declared; this
 * module is the single place they are checked, with `hasPermission`.
 */
export type Rule = { kind: 'scopes'; anyOf: readonly (readonly string[])[] } | { kind: 'authenticated' };

function ruleOf(directives: readonly ConstDirectiveNode[] | undefined): Rule | undefined {
  for (const d of directives ?? []) {
    const name = d.name.value;
    if (name === 'requiresAuthentication') return { kind: 'authenticated' };
    if (name === 'requiresPermissions') {
      const arg = d.arguments?.find((a) => a.name.value === 'anyOf')?.value;
      if (arg?.kind !== Kind.LIST) continue;
      const anyOf = arg.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : []));
      return { kind: 'scopes', anyOf };
    }
  }
  return undefined;
}

const isFederationInternal = (name: string) => name.startsWith('_');

/** The rules that apply to a field: its type's and its own. */
export function rulesOf(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): Rule[] {
  const typeRule = ruleOf(type.astNode?.directives) ?? type.extensionASTNodes.map((n) => ruleOf(n.directives)).find(Boolean);
  const fieldRule = ruleOf(field.astNode?.directives);
  return [typeRule, fieldRule].filter((r): r is Rule => r !== undefined);
}

/** Fields of a schema with no rule at all: a test asserts there are none, so no field can be added without one. */
export function fieldsWithoutRules(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || isFederationInternal(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (isFederationInternal(field.name)) continue;
      if (rulesOf(type, field).length === 0) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}

function allows(rule: Rule, principal: Principal): boolean {
  switch (rule.kind) {
    case 'authenticated':
      return true;
    case 'scopes':
      return rule.anyOf.some((all) => all.every((permission) => hasPermission(principal, permission)));
  }
}

const describe = (rule: Rule) => (rule.kind === 'authenticated' ? 'an authenticated caller' : rule.anyOf.map((all) => all.join(' and ')).join(' or '));

/**
 * Wraps every resolver of the schema (built by `buildSubgraphSchema`) with
 * the check of its rules against the request's principal. Refusals are
 * `FORBIDDEN` errors naming the permission, on that field only: the rest of
 * the response is still served. Verdicts are cached per principal object
 * and rule (a verdict depends on nothing else): per request, and across the
 * requests of one identity token, whose verified principal is kept
 * (internal-token.ts). A Portal principal acting for one company is held to
 * that company and its portal's toggles as well (`portal-scope.ts`).
 */
export function enforceAuthorization(schema: GraphQLSchema, principalOf: (context: unknown) => Principal | undefined): GraphQLSchema {
  const verdicts = new WeakMap<Principal, Map<Rule, boolean>>();
  const rootTypes = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || isFederationInternal(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (isFederationInternal(field.name)) continue;
      const rules = rulesOf(type, field);
      if (rules.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const root = rootTypes.has(type.name);
      field.resolve = (source, args, context, info) => {
        const principal = principalOf(context);
        if (!principal) throw new GraphQLError('Authentication required', { extensions: { code: 'UNAUTHENTICATED' } });
        let cache = verdicts.get(principal);
        if (!cache) verdicts.set(principal, (cache = new Map()));
        for (const rule of rules) {
          let ok = cache.get(rule);
          if (ok === undefined) cache.set(rule, (ok = allows(rule, principal)));
          if (!ok) {
            throw new GraphQLError(`Not allowed: ${type.name}.${field.name} needs ${describe(rule)}`, {
              extensions: { code: 'FORBIDDEN', ...(rule.kind === 'scopes' ? { requiredScopes: rule.anyOf } : {}) },
            });
          }
        }
        // Portal acting for one company: that company only, as its toggles allow
        checkPortalScope(principal, type.name, field.name, args, root);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

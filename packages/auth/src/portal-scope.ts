import { GraphQLError } from 'graphql';
import type { Principal, PortalScope } from './principal.ts';

/**
 * What Portal may read when it acts for one client company (a principal
 * with `portal`): the root fields it may start from, each naming the
 * company (any other id is `NOT_FOUND`, exactly as a missing one), and the
 * portal feature each field shows (off: `FORBIDDEN`). Everything a company
 * leads to stays in that company, so checking the root and the features is
 * enough. Any other root field is `FORBIDDEN` to a scoped Portal call.
 */
const roots: Record<string, (args: Record<string, unknown>) => unknown> = {
  'Query.company': (args) => args['id'],
  'Query.esignDocuments': (args) => (args['filter'] as { companyId?: unknown } | null | undefined)?.companyId,
};

/** The portal feature that must be on for a field to be read (features as in `updatePortalSettings`). */
const featureOf: Record<string, string> = {
  'Company.deals': 'pipeline',
  'Company.quotes': 'quotes',
  'Deal.quotes': 'quotes',
  'Company.invoices': 'invoices',
  'Query.esignDocuments': 'esign',
};

/** The portal scope of a principal, if it acts for one company. */
export function portalScopeOf(principal: Principal): PortalScope | undefined {
  return principal.kind === 'integration' ? principal.portal : undefined;
}

/**
 * Checks one field against a Portal principal's company and toggles; does
 * nothing for any other principal. `root` says whether the field is on the
 * schema's Query or Mutation type.
 */
export function checkPortalScope(principal: Principal, typeName: string, fieldName: string, args: Record<string, unknown>, root: boolean): void {
  const scope = portalScopeOf(principal);
  if (!scope) return;
  const coordinate = `${typeName}.${fieldName}`;
  if (root) {
    const companyOf = roots[coordinate];
    if (!companyOf) {
      throw new GraphQLError(`Not allowed: a Portal call reads only the company it acts for (${coordinate} is not open to it)`, {
        extensions: { code: 'FORBIDDEN' },
      });
    }
    const companyId = companyOf(args);
    if (companyId !== scope.companyId) {
      throw new GraphQLError(`Company ${typeof companyId === 'string' ? companyId : '(none)'} not found`, { extensions: { code: 'NOT_FOUND' } });
    }
  }
  const feature = featureOf[coordinate];
  if (feature && !scope.features.includes(feature)) {
    throw new GraphQLError(`Not allowed: the client portal of company ${scope.companyId} does not show ${feature}`, {
      extensions: { code: 'FORBIDDEN', portalFeature: feature },
    });
  }
}

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkPortalScope, createInternalTokens, type IntegrationPrincipal } from '@onegraph/auth';

const portalKey: IntegrationPrincipal = {
  kind: 'integration',
  sub: 'integration:ikey_1',
  org: 'demo',
  keyId: 'ikey_1',
  product: 'portal',
  scopes: ['crm.companies.read'],
  portal: { companyId: 'cmp_acme', features: ['quotes'] },
};

describe('Portal acting for one company', () => {
  it('travels through the internal token to the subgraphs', async () => {
    const tokens = createInternalTokens(randomBytes(32).toString('hex'));
    expect(await tokens.verify(await tokens.sign(portalKey))).toEqual(portalKey);
    const { portal: _, ...plain } = portalKey;
    expect(await tokens.verify(await tokens.sign(plain))).toEqual(plain);
  });

  it('holds root fields to its company and fields to the portal’s toggles', () => {
    const check = (type: string, field: string, args: Record<string, unknown>, root: boolean) => () => checkPortalScope(portalKey, type, field, args, root);
    expect(check('Query', 'company', { id: 'cmp_acme' }, true)).not.toThrow();
    expect(check('Query', 'company', { id: 'cmp_cobalt' }, true)).toThrow(expect.objectContaining({ extensions: { code: 'NOT_FOUND' } }));
    expect(check('Query', 'companies', {}, true)).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
    expect(check('Query', 'esignDocuments', { filter: { companyId: 'cmp_acme' } }, true)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', portalFeature: 'esign' } }),
    );
    expect(check('Company', 'quotes', {}, false)).not.toThrow();
    expect(check('Company', 'deals', {}, false)).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN', portalFeature: 'pipeline' } }));
    // any other principal is not concerned
    const { portal: _, ...psa } = portalKey;
    expect(() => checkPortalScope({ ...psa, product: 'psa' }, 'Query', 'companies', {}, true)).not.toThrow();
  });
});

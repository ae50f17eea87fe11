import { createInternalTokens, type UserPrincipal } from '@onegraph/auth';
import { describe, expect, it } from 'vitest';
import { createIdentityTokens } from '../src/fetch/identity-tokens.ts';

const user = (org: string, sub: string, role: UserPrincipal['role'] = 'Member'): UserPrincipal => ({ kind: 'user', org, sub, role, products: ['crm'] });

describe('identity tokens forwarded to subgraphs', () => {
  const internal = createInternalTokens('x'.repeat(32));
  // counts the signatures made, to show reuse
  let signed = 0;
  const counting = { ...internal, sign: (p: Parameters<typeof internal.sign>[0]) => (signed++, internal.sign(p)) };

  it('signs once per principal while fresh, and the token carries that principal', async () => {
    const tokens = createIdentityTokens(counting);
    signed = 0;
    const first = await tokens.tokenFor(user('demo', 'u1'));
    // an equal principal object (a new request of the same caller) reuses it
    expect(await tokens.tokenFor(user('demo', 'u1'))).toBe(first);
    expect(signed).toBe(1);
    expect(await internal.verify(first)).toMatchObject({ org: 'demo', sub: 'u1', role: 'Member' });
  });

  it('never shares a token between principals that differ in anything', async () => {
    const tokens = createIdentityTokens(internal);
    const a = await tokens.tokenFor(user('demo', 'u1'));
    const otherOrg = await tokens.tokenFor(user('demo-2', 'u1'));
    const otherRole = await tokens.tokenFor(user('demo', 'u1', 'Viewer'));
    expect(new Set([a, otherOrg, otherRole]).size).toBe(3);
    expect(await internal.verify(otherOrg)).toMatchObject({ org: 'demo-2' });
    expect(await internal.verify(otherRole)).toMatchObject({ role: 'Viewer' });
  });

  it('signs anew once the reuse window has passed', async () => {
    const tokens = createIdentityTokens(counting, { reuseMs: 0 });
    signed = 0;
    await tokens.tokenFor(user('demo', 'u1'));
    await tokens.tokenFor(user('demo', 'u1'));
    expect(signed).toBe(2);
  });

  it('stays bounded: the oldest entry goes when it is full', async () => {
    const tokens = createIdentityTokens(counting, { maxEntries: 2 });
    signed = 0;
    await tokens.tokenFor(user('demo', 'a'));
    await tokens.tokenFor(user('demo', 'b'));
    await tokens.tokenFor(user('demo', 'c'));
    await tokens.tokenFor(user('demo', 'c'));
    expect(signed).toBe(3);
    await tokens.tokenFor(user('demo', 'a'));
    expect(signed).toBe(4);
  });
});

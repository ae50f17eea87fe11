import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';

const base = { INTERNAL_TOKEN_SECRET: 'x'.repeat(32) };
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '9b0a5e3c-1d2f-4c6b-8a7e-0f1e2d3c4b5a';

describe('crm configuration: Microsoft Graph sign-in', () => {
  it('reads M365_APP_CREDENTIALS as org=tenantId:clientId:clientSecret pairs, and M365_LOGIN_URL with its default', () => {
    const config = parseConfig({
      ...base,
      M365_APP_CREDENTIALS: ` demo=${TENANT}:${CLIENT}:s3cr~et.with:colon , demo-2=contoso.onmicrosoft.com:${CLIENT.toUpperCase()}:other_Secret`,
    });
    expect(config.m365Apps).toEqual({
      demo: { tenantId: TENANT, clientId: CLIENT, clientSecret: 's3cr~et.with:colon' },
      'demo-2': { tenantId: 'contoso.onmicrosoft.com', clientId: CLIENT, clientSecret: 'other_Secret' },
    });
    expect(config.m365LoginUrl).toBe('https://login.microsoftonline.com');
    expect(parseConfig({ ...base, M365_LOGIN_URL: 'http://127.0.0.1:4013' }).m365LoginUrl).toBe('http://127.0.0.1:4013');
    expect(parseConfig(base).m365Apps).toEqual({});
  });

  it('refuses a bad value listing every problem, without showing a secret', () => {
    let message = '';
    try {
      parseConfig({
        ...base,
        M365_LOGIN_URL: 'not a url',
        M365_APP_CREDENTIALS: [
          `demo=not_a_tenant:${CLIENT}:topsecret1`,
          `demo-2=${TENANT}:app-name:topsecret2`,
          `demo-3=${TENANT}:${CLIENT}:`,
          `=${TENANT}:${CLIENT}:topsecret3`,
          `demo=${TENANT}:${CLIENT}:topsecret4`,
        ].join(','),
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('M365_APP_CREDENTIALS: entry 1 (demo=not_a_tenant:');
    expect(message).toMatch(/entry 1 .*the tenant id must be a GUID or a domain/);
    expect(message).toMatch(/entry 2 .*the client id must be a GUID/);
    expect(message).toMatch(/entry 3 .*the client secret is empty/);
    expect(message).toMatch(/entry 4 .*expected org=tenantId:clientId:clientSecret/);
    expect(message).toContain('M365_APP_CREDENTIALS: organisation demo is listed twice');
    expect(message).toContain('M365_LOGIN_URL: expected a URL');
    expect(message).not.toMatch(/topsecret/);
  });
});

describe('crm configuration: the PostgreSQL connection pool', () => {
  it('reads the pool size and timeouts with their defaults, and refuses values out of range', () => {
    expect(parseConfig(base).databasePool).toEqual({ max: 10, connectionTimeoutMs: 5_000, idleTimeoutMs: 10_000 });
    expect(parseConfig({ ...base, DATABASE_POOL_MAX: '25', DATABASE_CONNECT_TIMEOUT_MS: '2000', DATABASE_IDLE_TIMEOUT_MS: '30000' }).databasePool).toEqual({
      max: 25,
      connectionTimeoutMs: 2_000,
      idleTimeoutMs: 30_000,
    });
    expect(() => parseConfig({ ...base, DATABASE_POOL_MAX: '0', DATABASE_CONNECT_TIMEOUT_MS: 'soon' })).toThrow(
      /DATABASE_POOL_MAX: expected an integer 1-1000, got "0"[\s\S]*DATABASE_CONNECT_TIMEOUT_MS: expected an integer 100-600000, got "soon"/,
    );
  });
});

/**
 * `CRM_INTEGRATION_KEY`: the key One Graph presents to the other products,
 * per organisation. Either one key for every organisation (`ogk_…`), or a
 * comma-separated list of `org=key` pairs (`demo=ogk_a,demo-2=ogk_b`).
 * Returns the lookup; throws on a malformed value so a bad configuration
 * stops the process at start, not at the first call.
 */
export type IntegrationKeyLookup = (org: string) => string | undefined;

export function parseIntegrationKeys(value: string | undefined): IntegrationKeyLookup {
  const text = value?.trim() ?? '';
  if (text === '') return () => undefined;
  if (!text.includes('=')) {
    if (/[\s,]/.test(text)) throw new Error('CRM_INTEGRATION_KEY: one key, or org=key pairs separated by commas');
    return () => text;
  }
  const keys = new Map<string, string>();
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    const org = pair.slice(0, at).trim();
    const key = pair.slice(at + 1).trim();
    if (at <= 0 || !org || !key || /\s/.test(key)) throw new Error(`CRM_INTEGRATION_KEY: "${pair}" is not org=key`);
    if (keys.has(org)) throw new Error(`CRM_INTEGRATION_KEY: organisation ${org} is listed twice`);
    keys.set(org, key);
  }
  return (org) => keys.get(org);
}

/** A lookup from a record (tests, the demo stack). */
export const integrationKeysFrom =
  (keys: Record<string, string>): IntegrationKeyLookup =>
  (org) =>
    Object.hasOwn(keys, org) ? keys[org] : undefined;

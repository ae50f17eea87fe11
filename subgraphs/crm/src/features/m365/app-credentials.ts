/**
 * An organisation's Microsoft Entra app registration: what One Graph signs
 * in with (client credentials grant) to read and send its mail through
 * Microsoft Graph. The organisation's admin registers the app in their
 * tenant and grants it `Mail.ReadWrite` and `Mail.Send` (application).
 */
export interface M365App {
  /** The directory (tenant) id, a GUID, or one of its domains (`contoso.onmicrosoft.com`). */
  tenantId: string;
  /** The application (client) id, a GUID. */
  clientId: string;
  clientSecret: string;
}

/** Organisation → its app registration. */
export type M365Apps = Readonly<Record<string, M365App>>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * `M365_APP_CREDENTIALS`: comma-separated `org=tenantId:clientId:clientSecret`
 * pairs. The secret is everything after the second colon (Entra secrets do
 * not contain commas). Returns the apps and every problem found, each naming
 * the organisation and never showing the secret, so a bad value stops the
 * process at start with all of them listed.
 */
export function parseM365AppCredentials(value: string | undefined, variable = 'M365_APP_CREDENTIALS'): { apps: M365Apps; problems: string[] } {
  const apps: Record<string, M365App> = {};
  const problems: string[] = [];
  const seen = new Set<string>();
  const text = value?.trim() ?? '';
  if (text === '') return { apps, problems };
  text.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    const at = entry.indexOf('=');
    const org = at > 0 ? entry.slice(0, at).trim() : '';
    const [tenantId = '', clientId = '', ...rest] = entry.slice(at + 1).split(':');
    const clientSecret = rest.join(':').trim();
    // what the entry looked like, for messages: never the secret
    const shown = `${org || '?'}=${tenantId || '?'}:${clientId || '?'}:${clientSecret ? '***' : '(none)'}`;
    const where = `${variable}: entry ${index + 1} (${shown})`;
    if (!org || /\s/.test(org)) return void problems.push(`${where}: expected org=tenantId:clientId:clientSecret`);
    if (seen.has(org)) return void problems.push(`${variable}: organisation ${org} is listed twice`);
    seen.add(org);
    const errors: string[] = [];
    if (!GUID.test(tenantId.trim()) && !DOMAIN.test(tenantId.trim())) errors.push('the tenant id must be a GUID or a domain');
    if (!GUID.test(clientId.trim())) errors.push('the client id must be a GUID');
    if (!clientSecret) errors.push('the client secret is empty');
    else if (/\s/.test(clientSecret)) errors.push('the client secret contains white space');
    if (errors.length > 0) return void problems.push(`${where}: ${errors.join('; ')}`);
    apps[org] = { tenantId: tenantId.trim(), clientId: clientId.trim().toLowerCase(), clientSecret };
  });
  return { apps, problems };
}

/**
 * `npm run --silent token -- --org demo --role Member`: prints a Hub-style
 * token signed with the local development key that `npm start` trusts.
 */
import { parseArgs } from 'node:util';
import { loadDevKeys, parseRole } from '@onegraph/auth';

const { values } = parseArgs({
  options: {
    org: { type: 'string', default: 'demo' },
    role: { type: 'string', default: 'Member' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '8h' },
    keys: { type: 'string', default: process.env['DEV_KEYS_FILE'] ?? `${process.env['DATA_DIR'] ?? '.data'}/dev-keys.json` },
  },
});
const role = parseRole(values.role);
if (!role) {
  console.error(`--role must be one of Owner, Admin, Member, Viewer (got "${values.role}")`);
  process.exit(2);
}
const keys = await loadDevKeys(values.keys);
console.log(await keys.issueToken({ org: values.org, role, sub: values.sub ?? `dev-${values.org}-${role.toLowerCase()}`, expiresIn: values.expires }));

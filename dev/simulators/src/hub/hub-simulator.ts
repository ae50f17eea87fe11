import type { ListenOptions } from '@onegraph/http';
import { createSimServer, fail, ok, type SimServer } from '../sim-http.ts';

/** A user of an organisation, as Hub's users API answers it. */
export interface SimHubUser {
  id: string;
  name: string;
  email: string;
}

/**
 * A stand-in for The One Stack's Hub users API, for demos and tests only:
 * `GET /api/users?ids=a,b` (`X-Integration-Key`) answers the users of the
 * caller's organisation among those ids; ids Hub does not know for that
 * organisation are left out (another organisation's users included).
 */
export interface HubSimulatorOptions {
  /** Integration keys One Graph presents, and the organisation each belongs to. */
  integrationKeys: Record<string, string>;
  /** Users per organisation at start. Default: the demo organisations' users (`demoHubUsers`). */
  users?: Record<string, readonly SimHubUser[]>;
}

export interface HubSimulator extends AsyncDisposable, Pick<SimServer, 'setAvailable' | 'calls'> {
  listen(options?: ListenOptions): Promise<string>;
  close(): Promise<void>;
  /** Adds (or renames) a user of an organisation, as an Owner inviting someone in Hub does. */
  addUser(org: string, user: SimHubUser): void;
  /** The organisation's users, in the order they were added. */
  users(org: string): SimHubUser[];
}

/** The demo organisations' Hub users: each a sales rep who may own deals. */
export const demoHubUsers: Readonly<Record<string, readonly SimHubUser[]>> = {
  demo: [
    { id: 'user-demo', name: 'Dana Whitfield', email: 'dana@demo-msp.example' },
    { id: 'hub-user-7', name: 'Sam Okafor', email: 'sam@demo-msp.example' },
    { id: 'hub-user-9', name: 'Priya Raman', email: 'priya@demo-msp.example' },
  ],
  'demo-2': [
    { id: 'user-demo-2', name: 'Lee Morgan', email: 'lee@demo-2-msp.example' },
    { id: 'hub-user-2', name: 'Alex Brandt', email: 'alex@demo-2-msp.example' },
  ],
};

/** Hub's users API (simulated). Ids are per organisation: the same id in two organisations is two users. */
export function createHubSimulator(options: HubSimulatorOptions): HubSimulator {
  const users = new Map<string, Map<string, SimHubUser>>();
  const addUser = (org: string, user: SimHubUser) => {
    let ofOrg = users.get(org);
    if (!ofOrg) users.set(org, (ofOrg = new Map()));
    ofOrg.set(user.id, { ...user });
  };
  for (const [org, list] of Object.entries(options.users ?? demoHubUsers)) for (const user of list) addUser(org, user);

  const server = createSimServer({
    name: 'Hub',
    integrationKeys: options.integrationKeys,
    routes: [
      {
        method: 'GET',
        path: /^\/api\/users$/,
        handler: ({ org, url }) => {
          const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
          if (ids.length === 0) return fail(400, 'BAD_REQUEST', 'ids: one or more user ids, comma-separated');
          if (ids.length > 100) return fail(400, 'BAD_REQUEST', 'ids: at most 100 at a time');
          const ofOrg = users.get(org);
          return ok({ users: ids.flatMap((id) => (ofOrg?.has(id) ? [{ ...ofOrg.get(id)! }] : [])) });
        },
      },
    ],
  });

  return {
    ...server,
    addUser,
    users: (org) => [...(users.get(org)?.values() ?? [])].map((u) => ({ ...u })),
  };
}

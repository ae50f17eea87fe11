import { productClientAt, type OneStackEndpoints } from './endpoints.ts';

/** A user of an organisation in Hub, The One Stack's identity layer. */
export interface HubUser {
  id: string;
  name: string;
  email: string;
}

export interface HubClient {
  /**
   * The organisation's users among `ids` (at most 100), in no particular
   * order; an id Hub does not know for that organisation is left out.
   */
  users(org: string, ids: readonly string[]): Promise<HubUser[]>;
}

/** Hub's users API, or undefined when Hub is not connected (no `HUB_API_URL`). */
export function createHubClient(endpoints: OneStackEndpoints): HubClient | undefined {
  if (!endpoints.hub) return undefined;
  const client = productClientAt(endpoints, 'hub', endpoints.hub);
  return {
    async users(org, ids) {
      if (ids.length === 0) return [];
      const query = new URLSearchParams({ ids: ids.join(',') });
      return (await client.request<{ users: HubUser[] }>(org, { path: `/api/users?${query}` })).users;
    },
  };
}

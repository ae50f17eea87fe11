import DataLoader from 'dataloader';
import { ProductCallError, type HubClient, type HubUser } from '@onegraph/onestack-clients';
import { invalidInput } from '../../core/parse.ts';

/** A request's Hub users by id (null: Hub has no such user in the organisation). */
export type HubUserLoader = DataLoader<string, HubUser | null>;

declare module '../../core/context.ts' {
  interface CrmContext {
    /** Hub's users API (deal owners); undefined when Hub is not connected (no `HUB_API_URL`). */
    hub: HubClient | undefined;
    /** The organisation's Hub users, batched per request; null for every id when Hub is not connected. */
    hubUsers: HubUserLoader;
  }
}

/** Hub allows this many ids per call. */
const HUB_BATCH = 100;

/** Per request: Hub users of `org` by id, one call per batch of ids. */
export function createHubUserLoader(hub: HubClient | undefined, org: string): HubUserLoader {
  return new DataLoader<string, HubUser | null>(
    async (ids) => {
      if (!hub) return ids.map(() => null);
      const users = new Map((await hub.users(org, ids)).map((u) => [u.id, u]));
      return ids.map((id) => users.get(id) ?? null);
    },
    { maxBatchSize: HUB_BATCH },
  );
}

/**
 * Checks that a deal's new owner is one of the organisation's Hub users,
 * before the deal's transaction opens (Hub is not asked while rows are
 * locked). Nothing named: nothing to check (a new deal's owner defaults to
 * its creator, whom Hub signed in). Unknown: BAD_USER_INPUT on
 * `input.ownerId`; Hub not connected: DOWNSTREAM_SERVICE_ERROR (an owner
 * cannot be taken on trust); Hub down: SERVICE_UNAVAILABLE.
 */
export async function checkDealOwner(ctx: { hub: HubClient | undefined; hubUsers: HubUserLoader }, ownerId: string | null | undefined): Promise<void> {
  if (ownerId === null || ownerId === undefined) return;
  if (!ctx.hub) throw new ProductCallError('hub', 'Hub is not connected (no HUB_API_URL configured): a deal owner cannot be checked', { retryable: false });
  const user = await ctx.hubUsers.load(ownerId);
  if (!user) invalidInput([{ path: 'input.ownerId', message: `${ownerId} is not a Hub user of this organisation` }]);
}

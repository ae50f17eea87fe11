import { Resolver } from 'node:dns/promises';

/** Looks up the TXT records of a name: each record as its strings, as DNS splits them. Empty when there are none. */
export type TxtLookup = (name: string) => Promise<string[][]>;

/**
 * TXT lookups through the given DNS servers (`host` or `host:port`, as
 * `PORTAL_DNS_SERVERS` lists them), or the system's when none are given.
 * A name without TXT records, or that does not exist, is an empty answer;
 * any other failure (servers unreachable, timeouts) is thrown.
 */
export function createTxtLookup(servers?: readonly string[]): TxtLookup {
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  if (servers && servers.length > 0) resolver.setServers([...servers]);
  return async (name) => {
    try {
      return await resolver.resolveTxt(name);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
      throw error;
    }
  };
}

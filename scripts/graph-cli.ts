import { existsSync } from 'node:fs';
import { loadDevKeys } from '@onegraph/auth';

/** What the operator CLIs (`npm run keys`, `npm run dlq`) share: where the gateway is, whose token, and one GraphQL call. */
export interface GraphCliTarget {
  url: string;
  token: string;
}

type Env = Record<string, string | undefined>;

/**
 * The gateway and the token a CLI calls it with: `--url`/`ONEGRAPH_URL` (default the local `npm start` gateway) and
 * `--token`/`ONEGRAPH_TOKEN`, or, for `--org` on a development machine, a 5-minute Owner token signed with `npm start`'s
 * development key. Undefined (after saying why) when there is no token to be had.
 */
export async function graphCliTarget(
  values: { url?: string | undefined; token?: string | undefined; org?: string | undefined },
  env: Env,
  printError: (line: string) => void,
): Promise<GraphCliTarget | undefined> {
  const url = values.url ?? env['ONEGRAPH_URL'] ?? `http://127.0.0.1:${env['GATEWAY_PORT'] ?? 4000}/graphql`;
  const token = values.token ?? env['ONEGRAPH_TOKEN'];
  if (token) return { url, token };
  const keysFile = env['DEV_KEYS_FILE'] ?? `${env['DATA_DIR'] ?? '.data'}/dev-keys.json`;
  if (!values.org || !existsSync(keysFile)) {
    printError(`No --token (or ONEGRAPH_TOKEN): pass an Owner's or Admin's token, or --org with the development key of npm start (${keysFile})`);
    return undefined;
  }
  const keys = await loadDevKeys(keysFile);
  return { url, token: await keys.issueToken({ org: values.org, role: 'Owner', sub: `dev-${values.org}-owner`, expiresIn: '5m' }) };
}

/** One GraphQL operation through the gateway: its data, or undefined after printing each error with its code. */
export async function callGraph(
  target: GraphCliTarget,
  query: string,
  variables: Record<string, unknown>,
  printError: (line: string) => void,
): Promise<Record<string, unknown> | undefined> {
  let body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
      body: JSON.stringify({ query, variables }),
    });
    body = (await res.json()) as typeof body;
  } catch (error) {
    printError(`Cannot reach the gateway at ${target.url}: ${(error as Error).message}`);
    return undefined;
  }
  if (body.errors?.length) {
    for (const e of body.errors) printError(`${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
    return undefined;
  }
  return body.data ?? {};
}

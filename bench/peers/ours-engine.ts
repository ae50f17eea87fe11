// Our gateway (createGateway with the plugins the bin installs for the auth
// mode: One Stack's with hub, none with --auth none) with inbound request
// deduplication off: identical operations in flight each run, so the row
// measures the engine (subgraph client, executor, subgraph-call
// deduplication) rather than shared executions, as the Hive Gateway
// defaults row does for Hive. Compiled like the other peers.
import { createHubTokenVerifier, createInternalTokens, DEV_AUDIENCE, DEV_ISSUER, loadDevKeys } from '@onegraph/auth';
import { createGateway, oneStackPlugins, type GatewayOptions } from '@onegraph/gateway';
import { exitOnSignal, parsePeerArgs } from './args.ts';

const args = parsePeerArgs(process.argv.slice(2));
let identity: Pick<GatewayOptions, 'auth' | 'internalTokens'> = { auth: { mode: 'none' } };
if (args.auth === 'hub') {
  const secret = process.env['INTERNAL_TOKEN_SECRET'];
  const devKeysFile = process.env['DEV_KEYS_FILE'];
  if (!secret || !devKeysFile) throw new Error('--auth hub needs INTERNAL_TOKEN_SECRET and DEV_KEYS_FILE');
  const verify = createHubTokenVerifier({ jwks: (await loadDevKeys(devKeysFile)).jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
  identity = { auth: { mode: 'hub', verify }, internalTokens: createInternalTokens(secret) };
}
const gateway = await createGateway({
  supergraph: { path: args.supergraphPath },
  ...identity,
  introspection: process.env['NODE_ENV'] !== 'production',
  // as `ours` runs: the per-caller limiter on, at a limit the benchmark's single caller never reaches
  rateLimit: { points: 1_000_000, durationSec: 60 },
  deduplicateRequests: false,
  plugins: args.auth === 'hub' ? oneStackPlugins({ rateLimit: { points: 1_000_000, durationSec: 60 } }) : [],
});
const url = await gateway.listen({ port: args.port, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ ready: `${url}/graphql` })}\n`);
exitOnSignal(() => gateway.close());

// The baseline: plain `@apollo/gateway` behind `@apollo/server`'s
// `startStandaloneServer`, as the public benchmark runs it (one process, no
// cluster). With `--auth hub` (the CRM workload) it does the same identity
// work as our gateway, with the same library: verifies the caller's Hub token
// and forwards a signed internal token to each subgraph (one per request).
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import {
  createHubTokenVerifier,
  createInternalTokens,
  DEV_AUDIENCE,
  DEV_ISSUER,
  INTERNAL_TOKEN_HEADER,
  loadDevKeys,
  type InternalTokens,
  type Principal,
} from '@onegraph/auth';
import { exitOnSignal, parsePeerArgs } from './args.ts';

interface Context {
  principal?: Principal;
}

class IdentitySource extends RemoteGraphQLDataSource<Context> {
  private readonly tokens = new WeakMap<Context, Promise<string>>();

  constructor(
    url: string,
    private readonly internalTokens: InternalTokens,
  ) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>): Promise<void> {
    const principal = (context as Context).principal;
    if (!principal) return;
    let token = this.tokens.get(context as Context);
    if (!token) this.tokens.set(context as Context, (token = this.internalTokens.sign(principal)));
    request.http?.headers.set(INTERNAL_TOKEN_HEADER, await token);
  }
}

const args = parsePeerArgs(process.argv.slice(2));
let server: ApolloServer<Context>;
let context: (input: { req: { headers: Record<string, string | string[] | undefined> } }) => Promise<Context>;
if (args.auth === 'hub') {
  const secret = process.env['INTERNAL_TOKEN_SECRET'];
  const devKeysFile = process.env['DEV_KEYS_FILE'];
  if (!secret || !devKeysFile) throw new Error('--auth hub needs INTERNAL_TOKEN_SECRET and DEV_KEYS_FILE');
  const internalTokens = createInternalTokens(secret);
  const verify = createHubTokenVerifier({ jwks: (await loadDevKeys(devKeysFile)).jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
  const gateway = new ApolloGateway({ supergraphSdl: args.supergraphSdl, buildService: ({ url }) => new IdentitySource(url ?? '', internalTokens) });
  server = new ApolloServer<Context>({ gateway });
  context = async ({ req }) => {
    const header = req.headers['authorization'];
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    return token ? { principal: await verify(token) } : {};
  };
} else {
  server = new ApolloServer<Context>({ gateway: new ApolloGateway({ supergraphSdl: args.supergraphSdl }) });
  context = async () => ({});
}
const { url } = await startStandaloneServer(server, { listen: { port: args.port, host: '127.0.0.1' }, context });
process.stdout.write(`${JSON.stringify({ ready: url })}\n`);
exitOnSignal(() => server.stop());

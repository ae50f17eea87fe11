// @mercuriusjs/gateway as the public benchmark runs it (Fastify, graphql-jit
// after the first request), pointed at the subgraphs the supergraph names.
// It composes the subgraphs' own `_service { sdl }` (Federation 1 semantics);
// it does not read the supergraph.
import Fastify from 'fastify';
import mercuriusGateway from '@mercuriusjs/gateway';
import { exitOnSignal, parsePeerArgs, subgraphsOf } from './args.ts';

// a CommonJS module whose typings say `export default`: at run time the default import is the plugin itself
const plugin = mercuriusGateway as unknown as typeof mercuriusGateway.default;

const args = parsePeerArgs(process.argv.slice(2));
const app = Fastify({ logger: false });
await app.register(plugin, {
  jit: 1,
  path: '/graphql',
  gateway: { services: subgraphsOf(args.supergraphSdl).map(({ name, url }) => ({ name, url, mandatory: true })) },
});
const url = await app.listen({ port: args.port, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ ready: `${url}/graphql` })}\n`);
exitOnSignal(() => app.close());

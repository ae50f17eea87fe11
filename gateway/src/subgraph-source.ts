import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { INTERNAL_TOKEN_HEADER, type InternalTokens } from '@onegraph/auth';
import type { GatewayContext } from './context.ts';

/**
 * Subgraph calls carry the caller's identity as a short-lived internal token
 * the subgraph verifies (signed once per request, shared by its fetches),
 * and the request id for log correlation.
 */
export class IdentityForwardingSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly tokens = new WeakMap<GatewayContext, Promise<string>>();

  constructor(
    url: string,
    private readonly internalTokens: InternalTokens | undefined,
  ) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const ctx = context as Partial<GatewayContext>;
    if (ctx.requestId) request.http?.headers.set('x-request-id', ctx.requestId);
    if (!this.internalTokens || !ctx.principal) return;
    let token = this.tokens.get(ctx as GatewayContext);
    if (!token) {
      token = this.internalTokens.sign(ctx.principal);
      this.tokens.set(ctx as GatewayContext, token);
    }
    request.http?.headers.set(INTERNAL_TOKEN_HEADER, await token);
  }
}

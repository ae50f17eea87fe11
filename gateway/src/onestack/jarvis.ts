import { looksLikeJarvisToken } from '@onegraph/auth';
import { codedError, ErrorCode } from '@onegraph/errors';
import { sendError } from '@onegraph/http';
import type { GatewayPlugin } from '../plugin.ts';
import { createRateLimiter, type RateLimitOptions } from '../security/rate-limit.ts';
import { JARVIS_TOKEN_PATH, jarvisTokenHandler, readOnlyPlugin, type JarvisOptions } from './jarvis-token.ts';

export type { JarvisOptions } from './jarvis-token.ts';

/**
 * Jarvis delegation: `POST /auth/jarvis/token` exchanges a user's Hub token
 * for a delegated, read-only one (with `hub` auth), held to the per-caller
 * request limit once Jarvis's secret is checked (wrong secrets are limited
 * per client address, apart: they cannot lock Jarvis out); delegated tokens are accepted as
 * credentials; and a delegated identity's mutations are refused. Without
 * options, the endpoint answers NOT_FOUND and delegated tokens are refused.
 */
export function jarvisPlugin(options: JarvisOptions | undefined, rateLimit: RateLimitOptions | false = { points: 600, durationSec: 60 }): GatewayPlugin {
  let exchange: ReturnType<typeof jarvisTokenHandler> | undefined;
  const limits = rateLimit === false ? {} : { exchanges: createRateLimiter(rateLimit), failures: createRateLimiter(rateLimit) };
  return {
    name: 'jarvis',
    setup({ auth, log }) {
      if (options && auth.mode === 'hub') exchange = jarvisTokenHandler(options, auth.verify, log, limits);
    },
    routes: [
      {
        name: 'jarvis token',
        path: JARVIS_TOKEN_PATH,
        async handle(req, res) {
          if (!exchange) return sendError(res, ErrorCode.NOT_FOUND, 'Jarvis delegation is not configured');
          await exchange(req, res);
        },
      },
    ],
    credentials: [
      {
        name: 'delegated Jarvis token',
        fromBearer(token) {
          if (!looksLikeJarvisToken(token)) return undefined;
          if (!options) throw codedError(ErrorCode.UNAUTHENTICATED, 'Delegated tokens are not accepted by this gateway');
          return options.tokens.verify(token);
        },
      },
    ],
    apolloPlugins: [readOnlyPlugin()],
  };
}

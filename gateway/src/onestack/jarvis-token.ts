import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { HubTokenVerifier, JarvisTokens } from '@onegraph/auth';
import { codedError, codeOf, ErrorCode } from '@onegraph/errors';
import { sendError } from '@onegraph/http';
import type { Logger } from '@onegraph/log';
import type { GatewayContext } from '../context.ts';
import type { RateLimiter } from '../security/rate-limit.ts';

/** Where Jarvis exchanges a user's Hub token for a delegated one. */
export const JARVIS_TOKEN_PATH = '/auth/jarvis/token';

export interface JarvisOptions {
  /** The credential only Jarvis holds (`JARVIS_CLIENT_SECRET`), sent as `client_secret`. */
  clientSecret: string;
  /** Signs and verifies delegated tokens. */
  tokens: JarvisTokens;
  /** Lifetime of a delegated token, in seconds (never beyond the user's own token). Default 300. */
  ttlSeconds?: number;
}

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const SUBJECT_TYPES = new Set(['urn:ietf:params:oauth:token-type:jwt', 'urn:ietf:params:oauth:token-type:access_token']);

const digest = (text: string) => createHash('sha256').update(text).digest();
const sameSecret = (presented: string, expected: string) => timingSafeEqual(digest(presented), digest(expected));

async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown> | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The exchange's rate limits; without one, that side is not limited. */
export interface JarvisExchangeLimits {
  /** Exchanges by the client that presented the right secret (Jarvis): counted only once the secret is checked, so no one else can use it up. */
  exchanges?: RateLimiter | undefined;
  /** Wrong secrets per client address: beyond it, 429 instead of 401 to that address only; a right secret is never refused for it. */
  failures?: RateLimiter | undefined;
}

const tooMany = (res: ServerResponse, decision: { retryAfterSec: number; headers: Record<string, string> }) =>
  sendError(res, ErrorCode.RATE_LIMITED, `Rate limit exceeded: retry in ${decision.retryAfterSec} s`, decision.headers);

/**
 * `POST /auth/jarvis/token`, an OAuth 2.0 token exchange (RFC 8693) for
 * Jarvis only: `{ "subject_token": "<the user's Hub token>", "client_secret":
 * "<JARVIS_CLIENT_SECRET>" }` (`grant_type` and `subject_token_type`
 * optional, checked when sent) answers `{ access_token, issued_token_type,
 * token_type: "Bearer", expires_in }`: a delegated token carrying the user's
 * identity, read-only, for `ttlSeconds` at most.
 */
export function jarvisTokenHandler(options: JarvisOptions, verifyHub: HubTokenVerifier, log: Logger, limits: JarvisExchangeLimits = {}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendError(res, ErrorCode.BAD_USER_INPUT, `${JARVIS_TOKEN_PATH} takes POST`);
    const body = await readJson(req, 16 * 1024);
    if (!body) return sendError(res, ErrorCode.BAD_USER_INPUT, 'Expected a JSON object body of at most 16 KiB');
    const { grant_type: grantType, subject_token: subjectToken, subject_token_type: subjectType, client_secret: clientSecret } = body;
    if (typeof clientSecret !== 'string' || !sameSecret(clientSecret, options.clientSecret)) {
      log.warn('gateway: Jarvis token exchange with a wrong client secret', { remote: req.socket.remoteAddress });
      const failed = await limits.failures?.(`jarvis-secret:${req.socket.remoteAddress ?? 'unknown'}`);
      if (failed && !failed.allowed) return tooMany(res, failed);
      return sendError(res, ErrorCode.UNAUTHENTICATED, 'Invalid client credential', { 'www-authenticate': 'Bearer' });
    }
    // the client is known now: its own budget, which wrong-secret callers cannot spend
    const allowed = await limits.exchanges?.('jarvis-token:jarvis');
    if (allowed && !allowed.allowed) return tooMany(res, allowed);
    if (grantType !== undefined && grantType !== TOKEN_EXCHANGE) return sendError(res, ErrorCode.BAD_USER_INPUT, `grant_type must be ${TOKEN_EXCHANGE}`);
    if (subjectType !== undefined && !SUBJECT_TYPES.has(String(subjectType)))
      return sendError(res, ErrorCode.BAD_USER_INPUT, 'subject_token_type must be a JWT access token');
    if (typeof subjectToken !== 'string' || subjectToken.length === 0)
      return sendError(res, ErrorCode.BAD_USER_INPUT, 'subject_token (the user’s Hub token) is required');
    let user;
    try {
      // only a Hub user token: a delegated token cannot be exchanged again, nor an integration key
      user = await verifyHub(subjectToken);
    } catch (error) {
      const code = codeOf(error) === ErrorCode.FORBIDDEN ? ErrorCode.FORBIDDEN : ErrorCode.UNAUTHENTICATED;
      return sendError(res, code, (error as Error).message);
    }
    const issued = await options.tokens.issue(user, { ttlSeconds: options.ttlSeconds ?? 300 });
    log.info('gateway: delegated token issued to Jarvis', { org: user.org, sub: user.sub, expiresAt: issued.expiresAt });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      JSON.stringify({
        access_token: issued.token,
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
        expires_in: Math.max(0, issued.expiresAt - Math.floor(Date.now() / 1000)),
      }),
    );
  };
}

/**
 * Jarvis reads only: a mutation from a delegated identity is refused with
 * FORBIDDEN once the operation is known, before it is planned or any
 * subgraph is called (over HTTP and graphql-ws alike). Subgraphs narrow
 * Jarvis's permissions to `*.read` as well (`hasPermission`).
 */
export function readOnlyPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (contextValue.principal?.kind === 'jarvis' && operation?.operation === 'mutation') {
            throw codedError(ErrorCode.FORBIDDEN, 'Jarvis acts for the user read-only: mutations are refused', { http: { status: 403 } });
          }
        },
      };
    },
  };
}

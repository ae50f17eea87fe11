import type { IncomingHttpHeaders } from 'node:http';
import type { HubTokenVerifier, Principal } from '@onegraph/auth';
import { codedError, ErrorCode } from '@onegraph/errors';

/**
 * How the gateway authenticates callers.
 * - `hub`: every request needs a credential: a Hub JWT in `Authorization:
 *   Bearer`, or one of the credential kinds plugins add (the One Stack
 *   deployment's integration keys and delegated Jarvis tokens).
 * - `none`: no authentication, no identity forwarded: for serving any
 *   supergraph as a plain federation gateway. Never for One Graph's own
 *   subgraphs (they refuse calls without identity).
 */
export type AuthConfig = { mode: 'hub'; verify: HubTokenVerifier } | { mode: 'none' };

/**
 * What a caller presented, by lower-cased header name: a request's headers,
 * or a graphql-ws `connection_init` or renewal `ping` payload read the same
 * way (`connectionCredentials`).
 */
export type Credentials = Readonly<Record<string, string | undefined>>;

/**
 * A kind of credential besides Hub tokens, added by a plugin. A kind that
 * recognises a credential decides alone: it verifies it or refuses it
 * (throwing a coded error); one that does not returns undefined and the
 * next kind, then Hub, is asked.
 */
export interface CredentialKind {
  /** For logs and errors. */
  name: string;
  /**
   * A credential in a header of its own (`name` lower-cased, e.g.
   * `x-integration-key`): when present, it is verified first, before
   * `Authorization` is read; `credentials` are the whole set (to refuse
   * two credentials at once). The "authentication required" answer names
   * the header too.
   */
  header?: { name: string; verify(value: string, credentials: Credentials): Promise<Principal> };
  /** A bearer token of this kind (`Authorization: Bearer <token>`); `credentials` are the whole set. */
  fromBearer?(token: string, credentials: Credentials): Promise<Principal> | undefined;
}

/**
 * Resolves the caller of a request (or connection) from its credentials;
 * throws a coded error when they do not verify. `source` is the client's
 * address (failed authentication is limited per source).
 */
export type Authenticate = (credentials: Credentials, source?: string) => Promise<Principal | undefined>;

export function createAuthenticator(auth: AuthConfig, kinds: readonly CredentialKind[] = []): Authenticate {
  switch (auth.mode) {
    case 'none':
      return async () => undefined;
    case 'hub': {
      const headers = kinds.flatMap((kind) => (kind.header ? [kind.header] : []));
      const hints = headers.map((header) => `, or ${displayName(header.name)}`).join('');
      return async (credentials) => {
        for (const header of headers) {
          const value = credentials[header.name];
          if (value !== undefined) return header.verify(value, credentials);
        }
        const { authorization } = credentials;
        if (!authorization) throw codedError(ErrorCode.UNAUTHENTICATED, `Authentication required: send Authorization: Bearer <Hub token>${hints}`);
        const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
        if (!match) throw codedError(ErrorCode.UNAUTHENTICATED, 'Authorization must be "Bearer <token>"');
        const token = match[1]!;
        for (const kind of kinds) {
          const verified = kind.fromBearer?.(token, credentials);
          if (verified) return verified;
        }
        return auth.verify(token);
      };
    }
    default: {
      const unreachable: never = auth;
      throw new Error(`unknown auth mode ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A request's credentials: its headers (the first value of a repeated one). */
export function requestCredentials(headers: IncomingHttpHeaders): Credentials {
  const credentials: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) credentials[name] = Array.isArray(value) ? value[0] : value;
  return credentials;
}

/**
 * The credentials of a graphql-ws `connection_init` or renewal `ping`
 * payload, read as headers: `authorization` (or `Authorization`, or `token`
 * as a bearer token), and any other string entry under its lower-cased name
 * (products connect with their key, as they call over HTTP).
 */
export function connectionCredentials(params: Record<string, unknown>): Credentials {
  const credentials: Record<string, string | undefined> = {};
  // exact lower-case names first: they win over other spellings of the same name
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string' && name === name.toLowerCase()) credentials[name] = value;
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string') credentials[name.toLowerCase()] ??= value;
  const token = params['token'];
  if (credentials['authorization'] === undefined && token) credentials['authorization'] = `Bearer ${String(token)}`;
  delete credentials['token'];
  return credentials;
}

/** Whether credentials carry anything to authenticate with (a renewal ping without any is a plain keep-alive). */
export function presentsCredentials(credentials: Credentials, kinds: readonly CredentialKind[]): boolean {
  return Boolean(credentials['authorization']) || kinds.some((kind) => kind.header !== undefined && Boolean(credentials[kind.header.name]));
}

/** `x-integration-key` as people write it: `X-Integration-Key`. */
const displayName = (header: string) => header.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

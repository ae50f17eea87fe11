import { codedError, ErrorCode } from '@onegraph/errors';
import type { CredentialKind, Credentials } from '../auth.ts';
import type { GatewayPlugin } from '../plugin.ts';
import { createIntegrationKeyVerifier, type IntegrationKeyOptions, type IntegrationKeyVerifier } from './integration-key-verifier.ts';

export type { IntegrationKeyOptions } from './integration-key-verifier.ts';

/** The header with which Portal names the one client company a call acts for. */
export const PORTAL_COMPANY_HEADER = 'x-portal-company';

/** Products' keys (`ogk_`) and the public API's (`tos_`), as bearer tokens. */
const INTEGRATION_KEY = /^(ogk|tos)_/;

/**
 * Integration keys as a credential: `X-Integration-Key: ogk_…`, or
 * `Authorization: Bearer ogk_…|tos_…`, verified with the `integrations`
 * subgraph, which owns them (`integration-key-verifier.ts`), and cached
 * briefly. With `false`, or without identity forwarding (`--auth none`),
 * such keys are refused rather than taken for Hub tokens.
 */
export function integrationKeysPlugin(options: IntegrationKeyOptions | false = {}): GatewayPlugin {
  let verifier: IntegrationKeyVerifier | undefined;
  const verify = async (key: string, credentials: Credentials) => {
    if (!verifier) throw codedError(ErrorCode.UNAUTHENTICATED, 'Integration keys are not accepted by this gateway');
    const company = credentials[PORTAL_COMPANY_HEADER]?.trim() || undefined;
    const principal = await verifier(key, company);
    // Portal serves one client company per portal: every call names it, and reads only it
    if (principal.product === 'portal') {
      if (!company) throw codedError(ErrorCode.FORBIDDEN, 'Portal calls name the client company they act for: send X-Portal-Company');
      if (!principal.portal) throw codedError(ErrorCode.FORBIDDEN, `Company ${company} has no client portal in this organisation`);
    } else if (company) {
      throw codedError(ErrorCode.FORBIDDEN, 'Only Portal keys act for one client company (X-Portal-Company)');
    }
    return principal;
  };
  const kind: CredentialKind = {
    name: 'integration key',
    header: {
      name: 'x-integration-key',
      verify(key, credentials) {
        // one caller, one credential: never guess which of two identities was meant
        if (credentials['authorization']) throw codedError(ErrorCode.UNAUTHENTICATED, 'Send either Authorization or X-Integration-Key, not both');
        return verify(key.trim(), credentials);
      },
    },
    fromBearer: (token, credentials) => (INTEGRATION_KEY.test(token) ? verify(token, credentials) : undefined),
  };
  return {
    name: 'integration keys',
    setup({ internalTokens, subgraphUrl, log }) {
      // the integrations subgraph verifies them; its URL follows the supergraph
      if (internalTokens && options !== false) verifier = createIntegrationKeyVerifier(() => subgraphUrl('integrations'), internalTokens, options, log);
    },
    credentials: [kind],
  };
}

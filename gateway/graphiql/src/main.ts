import 'graphiql/style.css';
import './graphiql.css';
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { getOperationAST, Kind, parse, type DocumentNode } from 'graphql';
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws/client';
import { createElement as h, useEffect, useMemo, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';

/** What the page says (its `<meta name="onegraph-ide">`, written by the gateway). */
interface Settings {
  base: string;
  devSignIn?: { orgs: string[]; roles: string[] };
}

/** The document of a query text (an empty one when it does not parse: the server then says why). */
function parsed(query: string): DocumentNode {
  try {
    return parse(query);
  } catch {
    return { kind: Kind.DOCUMENT, definitions: [] };
  }
}

/** What a subscription yields to GraphiQL. */
type Pushed = Extract<Awaited<ReturnType<Fetcher>>, AsyncIterable<unknown>>;

/** Who the IDE runs as: a token, and what the sign-in bar shows about it. */
interface Identity {
  token: string;
  label: string;
}

const DEFAULT_QUERY = `# One Graph: queries and mutations run over HTTP, subscriptions over graphql-ws.
# Sign in above, then run (Ctrl-Enter). The docs (book icon) show every field's description.
query Company {
  company(id: "cmp_acme") {
    name
    deals { title value }
    psa { linked openTickets }
  }
}
`;

function readSettings(): Settings {
  const content = document.querySelector('meta[name="onegraph-ide"]')?.getAttribute('content');
  return content ? (JSON.parse(content) as Settings) : { base: 'graphiql/' };
}

/** The sign-in bar: an organisation and a role (development), or a pasted token (production). */
function SignIn(props: { settings: Settings; identity: Identity | undefined; onIdentity(identity: Identity): void }) {
  const { devSignIn } = props.settings;
  const [org, setOrg] = useState(devSignIn?.orgs[0] ?? '');
  const [role, setRole] = useState(devSignIn?.roles.includes('Member') ? 'Member' : (devSignIn?.roles[0] ?? ''));
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | undefined>();

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!devSignIn) {
      const token = pasted.trim();
      if (token) props.onIdentity({ token, label: 'a pasted token' });
      return;
    }
    try {
      const response = await fetch(new URL(`${props.settings.base}dev-token`, location.href), {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ org, role }),
      });
      const body = (await response.json()) as { token?: string; errors?: { message: string }[] };
      if (!body.token) throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
      props.onIdentity({ token: body.token, label: `${org} · ${role}` });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The sign-in failed');
    }
  };

  const status = error ? `Sign-in failed: ${error}` : props.identity ? `Signed in as ${props.identity.label}` : 'Not signed in';
  return h(
    'form',
    { className: 'og-sign-in', onSubmit: (event: FormEvent) => void signIn(event) },
    h('strong', null, 'One Graph'),
    ...(devSignIn
      ? [
          h('label', { htmlFor: 'og-org' }, 'Organisation'),
          h(
            'select',
            { id: 'og-org', value: org, onChange: (e: { target: HTMLSelectElement }) => setOrg(e.target.value) },
            devSignIn.orgs.map((o) => h('option', { key: o, value: o }, o)),
          ),
          h('label', { htmlFor: 'og-role' }, 'Role'),
          h(
            'select',
            { id: 'og-role', value: role, onChange: (e: { target: HTMLSelectElement }) => setRole(e.target.value) },
            devSignIn.roles.map((r) => h('option', { key: r, value: r }, r)),
          ),
          h('button', { id: 'og-sign-in', type: 'submit' }, 'Sign in (development)'),
        ]
      : [
          h('label', { htmlFor: 'og-token' }, 'Token'),
          h('input', {
            id: 'og-token',
            type: 'password',
            autoComplete: 'off',
            placeholder: 'Paste a Hub token',
            value: pasted,
            onChange: (e: { target: HTMLInputElement }) => setPasted(e.target.value),
          }),
          h('button', { id: 'og-sign-in', type: 'submit' }, 'Use token'),
        ]),
    h('span', { id: 'og-status', className: 'og-status', 'data-state': error ? 'error' : props.identity ? 'signed-in' : 'anonymous' }, status),
  );
}

/**
 * The IDE: GraphiQL against this gateway's `/graphql`, queries and
 * mutations over HTTP and subscriptions over graphql-ws, authenticated with
 * the sign-in bar's token (kept in memory only: never stored, never in the
 * address). A new token makes a new fetcher and a new connection.
 */
function App(props: { settings: Settings }) {
  const [identity, setIdentity] = useState<Identity | undefined>();
  // the page is served at the endpoint itself
  const endpoint = `${location.origin}${location.pathname}`;
  const client = useMemo(
    () =>
      createClient({
        url: endpoint.replace(/^http/, 'ws'),
        lazy: true,
        retryAttempts: 3,
        connectionParams: identity ? { authorization: `Bearer ${identity.token}` } : {},
      }),
    [endpoint, identity],
  );
  useEffect(
    () => () => {
      void client.dispose();
    },
    [client],
  );
  const fetcher = useMemo((): Fetcher => {
    const overHttp = createGraphiQLFetcher({ url: endpoint, headers: identity ? { authorization: `Bearer ${identity.token}` } : {} });
    // subscriptions over graphql-ws: the one operation of the document, or the one chosen (the toolkit's own check wants a named one)
    return (given, options) => {
      // right after an edit GraphiQL may still hold the previous document (its parsed form and operation name):
      // the query text sent is what counts, and a name it does not have is dropped
      const document = parsed(given.query);
      const known = document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === given.operationName);
      const params = known ? given : { ...given, operationName: null };
      const operation = getOperationAST(document, params.operationName ?? undefined);
      if (operation?.operation !== 'subscription') return overHttp(params, { ...options, documentAST: document });
      // graphql-ws 6 types what arrives as formatted errors (as it is on the wire); the toolkit still names them GraphQLError
      return client.iterate({
        query: params.query,
        variables: (params.variables ?? {}) as Record<string, unknown>,
        ...(params.operationName ? { operationName: params.operationName } : {}),
      }) as unknown as Pushed;
    };
  }, [endpoint, client, identity]);
  return h(
    'div',
    { className: 'og-shell' },
    h(SignIn, { settings: props.settings, identity, onIdentity: setIdentity }),
    h('div', { className: 'og-ide' }, h(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, shouldPersistHeaders: false })),
  );
}

const root = document.getElementById('ide');
if (root) createRoot(root).render(h(App, { settings: readSettings() }));

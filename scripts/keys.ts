/**
 * `npm run keys -- <create|list|rotate|revoke> --org demo ...`: manages
 * integration keys through the graph (the gateway's `integrationKeys`
 * query and key mutations), with an Owner's token. It works while the
 * stack runs (PGlite allows one process only, so the CLI never opens the
 * database itself), and goes through the same authorization as any client.
 *
 *   npm run keys -- create --org demo --product psa --name "PSA prod" --scopes crm.companies.read,crm.deals.read [--expires 2027-01-01T00:00:00Z] [--format tos]
 *   npm run keys -- list   --org demo
 *   npm run keys -- rotate --org demo --id ikey_... [--overlap 3600]
 *   npm run keys -- revoke --org demo --id ikey_...
 *
 * --url (or ONEGRAPH_URL): the gateway, default http://127.0.0.1:4000/graphql.
 * --token (or ONEGRAPH_TOKEN): an Owner's or Admin's Hub token; without it, a
 * development Owner token for --org signed with the local key of `npm start`
 * (DEV_KEYS_FILE, or DATA_DIR/dev-keys.json).
 * --json: print the result as JSON.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { callGraph, graphCliTarget } from './graph-cli.ts';

const KEY_FIELDS = 'id product name format prefix scopes status createdAt createdBy expiresAt revokedAt lastUsedAt rotatedFromId replacedById';

const operations = {
  list: `query { integrationKeys { ${KEY_FIELDS} } }`,
  create: `mutation($input: CreateIntegrationKeyInput!) { result: createIntegrationKey(input: $input) { plaintext key { ${KEY_FIELDS} } } }`,
  rotate: `mutation($id: ID!, $overlap: Int) { result: rotateIntegrationKey(id: $id, overlapSeconds: $overlap) { plaintext key { ${KEY_FIELDS} } } }`,
  revoke: `mutation($id: ID!) { result: revokeIntegrationKey(id: $id) { ${KEY_FIELDS} } }`,
} as const;
type Command = keyof typeof operations;

interface KeyView {
  id: string;
  product: string;
  name: string;
  prefix: string;
  scopes: string[];
  status: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export const usage = `Usage: npm run keys -- <create|list|rotate|revoke> --org ORG [options]
  create --product P --name N --scopes a.b.read,c.d.* [--expires ISO-DATE] [--format ogk|tos]
  list
  rotate --id ID [--overlap SECONDS]   (default 3600: the old key works that long)
  revoke --id ID
Options: --url URL (ONEGRAPH_URL), --token TOKEN (ONEGRAPH_TOKEN), --json`;

/** Runs the CLI; resolves with the exit code. `print` receives stdout lines, `printError` stderr lines. */
export async function keysCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  print: (line: string) => void = console.log,
  printError: (line: string) => void = console.error,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        org: { type: 'string' },
        product: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        expires: { type: 'string' },
        format: { type: 'string' },
        id: { type: 'string' },
        overlap: { type: 'string' },
        url: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    printError(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0] as Command | undefined;
  if (!command || !(command in operations) || !values.org) {
    printError(usage);
    return 2;
  }
  let variables: Record<string, unknown> = {};
  switch (command) {
    case 'list':
      break;
    case 'create': {
      if (!values.product || !values.name || !values.scopes) {
        printError(`create needs --product, --name and --scopes\n${usage}`);
        return 2;
      }
      const format = values.format?.toUpperCase();
      variables = {
        input: {
          product: values.product,
          name: values.name,
          scopes: values.scopes
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          ...(values.expires ? { expiresAt: values.expires } : {}),
          ...(format ? { format } : {}),
        },
      };
      break;
    }
    case 'rotate':
    case 'revoke':
      if (!values.id) {
        printError(`${command} needs --id\n${usage}`);
        return 2;
      }
      variables = { id: values.id, ...(command === 'rotate' && values.overlap !== undefined ? { overlap: Number(values.overlap) } : {}) };
      break;
  }

  const target = await graphCliTarget(values, env, printError);
  if (!target) return 2;
  const data = await callGraph(target, operations[command], variables, printError);
  if (!data) return 1;
  if (values.json) {
    print(JSON.stringify(command === 'list' ? data['integrationKeys'] : data['result'], null, 2));
    return 0;
  }
  const line = (k: KeyView) =>
    `${k.id}  ${k.prefix}  ${k.product}  ${k.status.padEnd(8)}  ${k.name}  [${k.scopes.join(',')}]${k.expiresAt ? `  expires ${k.expiresAt}` : ''}${k.lastUsedAt ? `  last used ${k.lastUsedAt}` : ''}`;
  switch (command) {
    case 'list': {
      const keys = data['integrationKeys'] as KeyView[];
      if (keys.length === 0) print(`No integration keys in ${values.org}.`);
      for (const k of keys) print(line(k));
      break;
    }
    case 'create':
    case 'rotate': {
      const result = data['result'] as { plaintext: string; key: KeyView };
      print(line(result.key));
      print('');
      print(result.plaintext);
      print('');
      print('This is the only time the key is shown: store it now.');
      if (command === 'rotate') print(`The previous key keeps working for ${values.overlap ?? 3600} s.`);
      break;
    }
    case 'revoke':
      print(line(data['result'] as KeyView));
      break;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await keysCli(process.argv.slice(2), process.env);
}

/**
 * `npm run dlq -- <list|replay> ...`: the events the Bus consumers gave up
 * on, parked (they name something missing) or dead-lettered (they kept
 * failing), through the graph: crm's consumers' (`parkedEvents`,
 * `replayParkedEvent`) and the integrations subgraph's
 * (`integrationsFailedEvents`, `replayIntegrationsFailedEvent`), with an
 * Owner's or Admin's token, so it goes through the same authorization and
 * organisation scoping as any client (and works while the stack runs).
 *
 *   npm run dlq -- list   [--kind parked|dead-lettered] [--all] [--first 100]
 *   npm run dlq -- replay ID          (prk_… a crm consumer's, ifev_… an integrations consumer's)
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

const FIELDS = 'id consumer kind eventId eventType reason resolvedAt';
const LIST = `query($first: Int, $kind: FailedEventKind, $all: Boolean) {
  crm: parkedEvents(first: $first, includeResolved: $all, kind: $kind) { edges { node { ${FIELDS} at: parkedAt } } pageInfo { hasNextPage } }
  integrations: integrationsFailedEvents(first: $first, includeResolved: $all, kind: $kind) { edges { node { ${FIELDS} at: failedAt } } pageInfo { hasNextPage } }
}`;
/** Which subgraph holds a failed event, told by its id's prefix, and the mutation that replays it there. */
const replays = {
  prk_: `mutation($id: ID!) { result: replayParkedEvent(id: $id) { ${FIELDS} at: parkedAt } }`,
  ifev_: `mutation($id: ID!) { result: replayIntegrationsFailedEvent(id: $id) { ${FIELDS} at: failedAt } }`,
} as const;
const kinds = { parked: 'PARKED', 'dead-lettered': 'DEAD_LETTERED' } as const;

export interface FailedEventView {
  id: string;
  consumer: string;
  kind: 'PARKED' | 'DEAD_LETTERED';
  eventId: string;
  eventType: string;
  reason: string;
  at: string;
  resolvedAt: string | null;
}
interface Page {
  edges: { node: FailedEventView }[];
  pageInfo: { hasNextPage: boolean };
}

export const usage = `Usage: npm run dlq -- <list|replay> [options]
  list [--kind parked|dead-lettered] [--all] [--first N]   the organisation's failed events, newest first (--all: replayed ones too)
  replay ID                                               runs a failed event again through its consumer, once
Options: --org ORG (for the development token), --url URL (ONEGRAPH_URL), --token TOKEN (ONEGRAPH_TOKEN), --json`;

/** Runs the CLI; resolves with the exit code. `print` receives stdout lines, `printError` stderr lines. */
export async function dlqCli(
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
        kind: { type: 'string' },
        all: { type: 'boolean', default: false },
        first: { type: 'string' },
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
  const [command, id] = positionals;
  let query: string;
  let variables: Record<string, unknown>;
  if (command === 'list') {
    const kind = values.kind === undefined ? null : kinds[values.kind as keyof typeof kinds];
    const first = Number(values.first ?? 100);
    if (kind === undefined || !Number.isInteger(first) || first < 1 || first > 100) {
      printError(`list takes --kind parked|dead-lettered and --first 1 to 100\n${usage}`);
      return 2;
    }
    query = LIST;
    variables = { first, kind, all: values.all };
  } else if (command === 'replay' && id) {
    const prefix = (Object.keys(replays) as (keyof typeof replays)[]).find((p) => id.startsWith(p));
    if (!prefix) {
      printError(`${id} is not the id of a failed event (prk_… or ifev_…, as list shows them)`);
      return 2;
    }
    query = replays[prefix];
    variables = { id };
  } else {
    printError(usage);
    return 2;
  }

  const target = await graphCliTarget(values, env, printError);
  if (!target) return 2;
  const data = await callGraph(target, query, variables, printError);
  if (!data) return 1;
  const line = (e: FailedEventView) =>
    `${e.id}  ${e.kind.padEnd(13)}  ${e.consumer}  ${e.eventType}  ${e.at}${e.resolvedAt ? `  replayed ${e.resolvedAt}` : ''}  ${e.reason}`;
  if (command === 'replay') {
    const result = data['result'] as FailedEventView;
    if (values.json) print(JSON.stringify(result, null, 2));
    else {
      print(line(result));
      print(result.resolvedAt ? 'Replayed: applied once.' : `Failed again, ${result.kind === 'PARKED' ? 'parked' : 'dead-lettered'}: ${result.reason}`);
    }
    return result.resolvedAt ? 0 : 1;
  }
  const pages = { crm: data['crm'] as Page, integrations: data['integrations'] as Page };
  const events = [...pages.crm.edges, ...pages.integrations.edges].map((e) => e.node).sort((a, b) => b.at.localeCompare(a.at));
  if (values.json) {
    print(JSON.stringify(events, null, 2));
    return 0;
  }
  if (events.length === 0) print('No failed events.');
  for (const e of events) print(line(e));
  if (pages.crm.pageInfo.hasNextPage || pages.integrations.pageInfo.hasNextPage)
    print(`More than ${String(variables['first'])} in a subgraph: replay these, or narrow with --kind.`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await dlqCli(process.argv.slice(2), process.env);
}

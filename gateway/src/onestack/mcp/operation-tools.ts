import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { operationHash, type PersistedManifest } from '../../security/persisted-manifest.ts';

/** The agent operations shipped with the gateway (`operations/*.graphql`), reviewed like code. */
export const defaultOperationsDir = fileURLToPath(new URL('./operations/', import.meta.url));

/** One operation of the agent operations folder, as a tool. */
export interface OperationTool {
  /** The operation's name: the tool's. */
  name: string;
  /** The `#` comment right above the operation: what the agent reads to choose it. */
  description: string;
  kind: 'query' | 'mutation';
  /** The operation as sent: printed canonically, as `npm run persisted -- add` registers it. */
  text: string;
  /** Its sha256, under which it is in the persisted-operations allow-list. */
  hash: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/**
 * Reads every `.graphql` file of the folder: each named query or mutation is
 * a tool (subscriptions are not: live data is a resource). Fails at start on
 * an anonymous operation or a name used twice: the folder is code.
 */
export function loadOperationTools(dir: string = defaultOperationsDir): OperationTool[] {
  const tools: OperationTool[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()) {
    const source = readFileSync(join(dir, file), 'utf8');
    const document = parse(source);
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation === 'subscription') continue;
      const name = definition.name?.value;
      if (!name) throw new Error(`${file}: an agent operation needs a name (the tool's)`);
      if (tools.some((t) => t.name === name)) throw new Error(`${file}: the operation name ${name} is used twice`);
      const text = print({ kind: Kind.DOCUMENT, definitions: [definition, ...fragments] });
      tools.push({
        name,
        description: commentAbove(source, definition.loc?.start ?? 0) || `Runs the ${name} ${definition.operation}.`,
        kind: definition.operation,
        text,
        hash: operationHash(text),
        document: parse(text),
        operation: definition,
      });
    }
  }
  return tools;
}

/** The tools as persisted-operations manifest entries. */
export const manifestOf = (tools: readonly OperationTool[]): PersistedManifest => Object.fromEntries(tools.map((t) => [t.hash, t.text]));

/** The `#` comment lines right above `offset` (an operation's keyword), joined. */
function commentAbove(source: string, offset: number): string {
  const lines = source.slice(0, offset).split('\n');
  lines.pop(); // the operation's own line, up to its keyword
  const comment: string[] = [];
  for (let line = lines.pop(); line !== undefined && /^\s*#/.test(line); line = lines.pop()) comment.unshift(line.replace(/^\s*#\s?/, ''));
  return comment.join(' ').replace(/\s+/g, ' ').trim();
}

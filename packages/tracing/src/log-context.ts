import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields every log line carries while a unit of work runs (the request id of
 * the HTTP request, graphql-ws message or MCP call being served), whatever
 * logger writes the line: the logger's mixin reads them with the trace
 * context (`logCorrelation`). AsyncLocalStorage carries them across every
 * await and callback the work starts, so no logger has to be passed down.
 */
const fields = new AsyncLocalStorage<Readonly<Record<string, string>>>();

/** Runs `fn` with `added` on every log line written while it (and what it starts) runs, over the fields already in effect. */
export function withLogFields<T>(added: Readonly<Record<string, string>>, fn: () => T): T {
  const current = fields.getStore();
  return fields.run(current ? { ...current, ...added } : added, fn);
}

/** The log fields in effect here; undefined outside any unit of work. */
export function currentLogFields(): Readonly<Record<string, string>> | undefined {
  return fields.getStore();
}

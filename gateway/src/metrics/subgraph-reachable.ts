/**
 * Whether a subgraph answers HTTP at its URL: any answer (a 400 for a GET
 * without a query, a 401 without identity) means it is up; a refused or
 * timed-out connection is the reason it is not. Any subgraph of any
 * supergraph can be asked this, without knowing its health route.
 */
export async function subgraphReachable(url: string, timeoutMs = 1_500): Promise<string | undefined> {
  try {
    const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `unreachable at ${url}: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
  }
}

/**
 * One thing a service needs before it can take traffic. `check` resolves
 * with undefined when it holds, or with the reason it does not ("subgraph
 * crm unreachable: connect ECONNREFUSED"); a check that throws or takes
 * longer than the timeout fails with that as its reason.
 */
export interface ReadinessCheck {
  /** Names the check in the answer: `supergraph`, `subgraph:crm`, `kafka`, `consumers`, `database`, `migrations`. */
  name: string;
  check(): Promise<string | undefined> | string | undefined;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it does not hold (only when `ok` is false). */
  reason?: string;
}

export interface Readiness {
  ready: boolean;
  checks: CheckResult[];
}

/** Runs every check at once, each bounded by `timeoutMs` (default 2000). */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs = 2_000): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async ({ name, check }): Promise<CheckResult> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
      });
      try {
        const reason = await Promise.race([Promise.resolve().then(check), timeout]);
        return reason === undefined ? { name, ok: true } : { name, ok: false, reason };
      } catch (error) {
        return { name, ok: false, reason: error instanceof Error ? error.message : String(error) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every((r) => r.ok), checks: results };
}

/**
 * The gateway's shutdown in one place: what is started registers how it
 * stops, and `dispose()` stops everything once, last started first, as
 * `AsyncDisposableStack` does (not in Node.js 20, which we still run on:
 * this is its small ordered equivalent). A failing step does not keep the
 * later ones from running; the first failure is thrown at the end.
 */
export class Disposers implements AsyncDisposable {
  private readonly steps: { name: string; dispose: () => unknown }[] = [];
  private disposing: Promise<void> | undefined;

  /** Registers how something just started is stopped. */
  defer(name: string, dispose: () => unknown): void {
    if (this.disposing) throw new Error(`cannot register ${name}: already disposed`);
    this.steps.push({ name, dispose });
  }

  /** Runs every step, last registered first; later calls wait for the first one. */
  dispose(): Promise<void> {
    this.disposing ??= this.run();
    return this.disposing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  private async run(): Promise<void> {
    let failure: { error: unknown } | undefined;
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.dispose();
      } catch (error) {
        failure ??= { error: new Error(`gateway shutdown: ${step.name} failed: ${(error as Error).message}`, { cause: error }) };
      }
    }
    if (failure) throw failure.error;
  }
}

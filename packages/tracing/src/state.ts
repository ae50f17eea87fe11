let active = false;

/** Whether an SDK is started in this process: instrumentation checks it first, so tracing off costs one check. */
export const tracingActive = (): boolean => active;

export function setTracingActive(value: boolean): void {
  active = value;
}

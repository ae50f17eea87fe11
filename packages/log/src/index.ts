/** The structured logger the services share: one JSON line per entry, on stderr. */
export interface Logger {
  debug(message: string, detail?: Record<string, unknown>): void;
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export function createLogger(
  service: string,
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  bindings: Record<string, unknown> = {},
): Logger {
  const threshold = logLevels.indexOf(level);
  const at = (l: Exclude<LogLevel, 'silent'>) => (message: string, detail?: Record<string, unknown>) => {
    if (logLevels.indexOf(l) < threshold) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: l, service, msg: message, ...bindings, ...detail }));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => createLogger(service, level, write, { ...bindings, ...more }),
  };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger('silent', 'silent');

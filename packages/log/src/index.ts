import { logCorrelation } from '@onegraph/tracing';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * The structured logger the services share: one JSON line per entry, on
 * stderr, written by pino. The call signature is ours (`log.info(message,
 * detail?)`, message first); the levels, child loggers and redaction are pino's.
 */
export interface Logger {
  debug(message: string, detail?: Record<string, unknown>): void;
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
  /** A pino child logger: every entry carries `bindings` (e.g. `{ component: 'relay' }`). */
  child(bindings: Record<string, unknown>): Logger;
}

export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** What a value is replaced with when its key names a credential. */
export const REDACTED = '[redacted]';

/**
 * Keys whose values are credentials: request headers that carry one
 * (Hub tokens, integration keys, the internal identity token), and the
 * fields that hold secrets in configuration, OAuth and key objects.
 */
const secretKeys = [
  'authorization',
  'cookie',
  '["set-cookie"]',
  '["x-integration-key"]',
  '["x-onegraph-principal"]',
  'clientSecret',
  'client_secret',
  'password',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'secret',
  'apiKey',
  'privateKey',
];

/**
 * pino `redact` paths: each secret key at the top of an entry's detail, one
 * level down (`{ headers: { authorization } }`) and two (`{ req: { headers: { … } } }`).
 */
export const redactPaths: readonly string[] = secretKeys.flatMap((key) => {
  const member = key.startsWith('[') ? key : `.${key}`;
  return [key, `*${member}`, `*.*${member}`];
});

/**
 * A logger for one service. `write` receives each entry as one JSON line
 * without its newline (tests pass a function to read what is logged); by
 * default entries go to stderr, synchronously, as before.
 */
export function createLogger(service: string, level: LogLevel = 'info', write?: (line: string) => void, bindings: Record<string, unknown> = {}): Logger {
  const destination: DestinationStream = write
    ? { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : pino.destination({ dest: 2, sync: true });
  const logger = pino(
    {
      level,
      base: { service, ...bindings },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      // the level as its name ("warn"), as the log lines have always had it, not pino's number
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...redactPaths], censor: REDACTED },
      // an Error under `err` or `error` is logged with its type, message and stack, not as `{}`
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      // a line logged while a span is active carries its `trace_id` and `span_id` (nothing when tracing is off)
      mixin: logCorrelation,
    },
    destination,
  );
  return adapt(logger);
}

/** Our call signature (message first) over a pino logger. */
function adapt(logger: PinoLogger): Logger {
  return {
    debug: (message, detail) => (detail ? logger.debug(detail, message) : logger.debug(message)),
    info: (message, detail) => (detail ? logger.info(detail, message) : logger.info(message)),
    warn: (message, detail) => (detail ? logger.warn(detail, message) : logger.warn(message)),
    error: (message, detail) => (detail ? logger.error(detail, message) : logger.error(message)),
    child: (bindings) => adapt(logger.child(bindings)),
  };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger('silent', 'silent');

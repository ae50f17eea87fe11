import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, silentLogger, type LogLevel } from '@onegraph/log';

function recording(level: LogLevel = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = createLogger('test-service', level, (line) => {
    raw.push(line);
    lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { log, lines, raw };
}

describe('the shared logger (pino)', () => {
  it('writes one JSON line per entry: ISO time, level name, service, message and detail', () => {
    const { log, lines, raw } = recording();
    log.info('crm: started', { port: 4001 });
    expect(raw).toHaveLength(1);
    expect(raw[0]).not.toContain('\n');
    expect(lines[0]).toMatchObject({ level: 'info', service: 'test-service', msg: 'crm: started', port: 4001 });
    expect(new Date(lines[0]!['time'] as string).toISOString()).toBe(lines[0]!['time']);
  });

  it('drops entries below its level, and everything at silent', () => {
    const { log, lines } = recording('warn');
    log.debug('no');
    log.info('no');
    log.warn('yes');
    log.error('yes too');
    expect(lines.map((l) => [l['level'], l['msg']])).toEqual([
      ['warn', 'yes'],
      ['error', 'yes too'],
    ]);
    const silent = recording('silent');
    silent.log.error('never');
    expect(silent.lines).toEqual([]);
    silentLogger.error('dropped');
  });

  it('child loggers carry their bindings, nested', () => {
    const { log, lines } = recording();
    const relay = log.child({ component: 'relay' });
    relay.child({ org: 'demo' }).warn('publish failed, retrying', { retryInMs: 250 });
    expect(lines[0]).toMatchObject({ service: 'test-service', component: 'relay', org: 'demo', msg: 'publish failed, retrying', retryInMs: 250 });
  });

  it('redacts tokens, keys and secrets at the top of the detail and nested in it', () => {
    const { log, lines, raw } = recording();
    log.info('request', {
      token: 'eyJ.hub.token',
      password: 'hunter2',
      clientSecret: 'cs-123',
      secret: 's3cr3t',
      headers: {
        authorization: 'Bearer eyJ.hub.token',
        'x-integration-key': 'ik_live_abc',
        'x-onegraph-principal': 'eyJ.internal.token',
        'content-type': 'application/json',
      },
      app: { clientSecret: 'cs-456', client_secret: 'cs-789', tenant: 't1' },
      req: { headers: { authorization: 'Bearer nested', cookie: 'sid=1' } },
      org: 'demo',
    });
    const entry = lines[0]!;
    expect(entry).toMatchObject({
      token: REDACTED,
      password: REDACTED,
      clientSecret: REDACTED,
      secret: REDACTED,
      headers: { authorization: REDACTED, 'x-integration-key': REDACTED, 'x-onegraph-principal': REDACTED, 'content-type': 'application/json' },
      app: { clientSecret: REDACTED, client_secret: REDACTED, tenant: 't1' },
      req: { headers: { authorization: REDACTED, cookie: REDACTED } },
      org: 'demo',
    });
    for (const secret of ['eyJ', 'hunter2', 'cs-', 's3cr3t', 'ik_live', 'nested', 'sid=1']) expect(raw[0]).not.toContain(secret);
  });

  it('redacts in child loggers bindings too', () => {
    const { log, raw } = recording();
    log.child({ headers: { authorization: 'Bearer child' } }).info('bound');
    expect(raw[0]).not.toContain('Bearer child');
  });

  it('logs an Error with its message and stack instead of an empty object', () => {
    const { log, lines } = recording();
    log.error('request failed', { error: new TypeError('boom') });
    expect(lines[0]!['error']).toMatchObject({ type: 'TypeError', message: 'boom' });
    expect(String((lines[0]!['error'] as { stack: string }).stack)).toContain('boom');
  });
});

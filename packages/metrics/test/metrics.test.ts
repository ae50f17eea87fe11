import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, createRouter, listen } from '@onegraph/http';
import { boundedNames, createMetrics, metricsRoute, OTHER, readyRoute, requestIdOf, type ReadinessCheck } from '../src/index.ts';

const log = { error: () => {} };

describe('metrics', () => {
  const metrics = createMetrics({ service: 'onegraph-test' });
  let checks: ReadinessCheck[] = [];
  const server = createServer(createRouter([metricsRoute(metrics), readyRoute(() => checks, 200)], log));
  let base = '';
  beforeAll(async () => {
    base = await listen(server);
  });
  afterAll(async () => {
    await close(server);
    await metrics.shutdown();
  });

  it('serves recorded instruments in the Prometheus text format, names and labels translated from OpenTelemetry', async () => {
    metrics.meter.createCounter('onegraph.test.events', { unit: '{event}' }).add(3, { 'messaging.destination.name': 'onestack.crm.events' });
    metrics.meter.createHistogram('http.server.request.duration', { unit: 's' }).record(0.2, { 'graphql.operation.type': 'query' });
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('onegraph_test_events_total{messaging_destination_name="onestack.crm.events"} 3');
    expect(text).toMatch(/http_server_request_duration_count\{graphql_operation_type="query"\} 1/);
    expect(text).toContain('target_info{service_name="onegraph-test"} 1');
  });

  it('answers /ready 200 when every check holds, 503 with each failing check’s reason otherwise', async () => {
    checks = [{ name: 'database', check: () => undefined }];
    const ok = await fetch(`${base}/ready`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ready', checks: [{ name: 'database', ok: true }] });

    checks = [
      { name: 'database', check: () => undefined },
      { name: 'supergraph', check: () => 'no supergraph loaded yet' },
      { name: 'kafka', check: () => new Promise<undefined>(() => {}) },
      {
        name: 'migrations',
        check: () => {
          throw new Error('relation "schema_migrations" does not exist');
        },
      },
    ];
    const notReady = await fetch(`${base}/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      status: 'not ready',
      reasons: ['supergraph: no supergraph loaded yet', 'kafka: no answer within 200 ms', 'migrations: relation "schema_migrations" does not exist'],
    });
  });
});

describe('boundedNames', () => {
  it('keeps the first names up to the bound and reports later ones as other', () => {
    const name = boundedNames({ max: 2 });
    expect([name('A'), name('B'), name('C'), name('A'), name(undefined)]).toEqual(['A', 'B', OTHER, 'A', '']);
  });

  it('keeps only the allowed names when a list is given', () => {
    const name = boundedNames({ allowed: () => new Set(['Persisted']) });
    expect([name('Persisted'), name('Invented')]).toEqual(['Persisted', OTHER]);
  });
});

describe('requestIdOf', () => {
  it('takes a trusted caller’s plain id, and makes one otherwise', () => {
    expect(requestIdOf({ 'x-request-id': 'lb-123.abc' }, true)).toBe('lb-123.abc');
    expect(requestIdOf({ 'x-request-id': 'lb-123.abc' }, false)).not.toBe('lb-123.abc');
    expect(requestIdOf({ 'x-request-id': 'bad id\nwith newline' }, true)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

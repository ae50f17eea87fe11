import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '@onegraph/db';

describe('isDatabaseUnavailable', () => {
  it('recognises a server that is not there, going away or starting', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const starting = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    const connectionClass = Object.assign(new Error('connection failure'), { code: '08006' });
    expect(
      [refused, shutdown, starting, connectionClass, new Error('Connection terminated unexpectedly'), new Error('timeout exceeded when trying to connect')].map(
        isDatabaseUnavailable,
      ),
    ).toEqual([true, true, true, true, true, true]);
  });

  it('leaves a statement’s own failures alone', () => {
    const unique = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' });
    expect([unique, syntax, 'ECONNREFUSED', undefined].map(isDatabaseUnavailable)).toEqual([false, false, false, false]);
  });
});

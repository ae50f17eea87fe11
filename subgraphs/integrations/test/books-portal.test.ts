import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openDb, type Db, type Queryable } from '@onegraph/db';
import { booksRevenue, parseRevenueId } from '../src/features/books/revenue.ts';
import { normaliseDomain } from '../src/features/portal/validate.ts';
import { applyInvoiceFact, type InvoiceFact } from '../src/features/books/store.ts';

describe('Books side of revenue periods', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ schema: 'integrations' });
    await migrate(db, await loadMigrations(new URL('../src/migrations/', import.meta.url)));
    const invoice = (f: Partial<InvoiceFact> & Pick<InvoiceFact, 'invoiceId' | 'total' | 'issuedAt'>): InvoiceFact => ({
      number: f.invoiceId,
      crmCompanyId: 'cmp_a',
      crmDealId: null,
      currency: 'USD',
      dueAt: new Date(f.issuedAt.getTime() + 30 * 86_400_000),
      status: 'ISSUED',
      paidAt: null,
      overdueSince: null,
      ...f,
    });
    await db.transaction(async (tx) => {
      await applyInvoiceFact(tx, 'demo', invoice({ invoiceId: 'i1', total: '100.10', issuedAt: new Date('2026-01-05T00:00:00Z') }));
      await applyInvoiceFact(
        tx,
        'demo',
        invoice({ invoiceId: 'i1', total: '100.10', issuedAt: new Date('2026-01-05T00:00:00Z'), status: 'PAID', paidAt: new Date('2026-02-01T00:00:00Z') }),
      );
      // an older event after the payment: still paid
      await applyInvoiceFact(tx, 'demo', invoice({ invoiceId: 'i1', total: '100.10', issuedAt: new Date('2026-01-05T00:00:00Z') }));
      await applyInvoiceFact(
        tx,
        'demo',
        invoice({
          invoiceId: 'i2',
          total: '0.20',
          issuedAt: new Date('2026-01-31T23:59:59Z'),
          status: 'OVERDUE',
          overdueSince: new Date('2026-03-02T00:00:00Z'),
        }),
      );
      await applyInvoiceFact(tx, 'demo', invoice({ invoiceId: 'i3', crmCompanyId: 'cmp_b', total: '5.00', issuedAt: new Date('2026-02-10T00:00:00Z') }));
      await applyInvoiceFact(tx, 'demo', invoice({ invoiceId: 'i4', total: '7.00', currency: 'EUR', issuedAt: new Date('2026-01-10T00:00:00Z') }));
      await applyInvoiceFact(tx, 'demo-2', invoice({ invoiceId: 'i5', total: '9.00', issuedAt: new Date('2026-01-10T00:00:00Z') }));
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('answers a whole _entities batch in key order with one query per scope and currency, exact to the cent', async () => {
    let queries = 0;
    const counting: Queryable = { query: (sql, params) => (queries++, db.query(sql, params)) };
    const ids = [
      'revenue:2026-01:USD:company:cmp_a',
      'revenue:2026-02:USD:company:cmp_a',
      'revenue:2026-01:USD:org',
      'revenue:2026-02:USD:org',
      'not-a-period',
      'revenue:2026-01:EUR:org',
    ];
    const result = await booksRevenue(counting, 'demo', ids);
    expect(result.slice(0, 4)).toEqual([
      { id: ids[0], invoiced: '100.30', paid: '0.00', overdue: '0.20' },
      { id: ids[1], invoiced: '0.00', paid: '100.10', overdue: '0.00' },
      { id: ids[2], invoiced: '100.30', paid: '0.00', overdue: '0.20' },
      { id: ids[3], invoiced: '5.00', paid: '100.10', overdue: '0.00' },
    ]);
    expect(result[4]).toBeInstanceOf(Error);
    expect(result[5]).toEqual({ id: ids[5], invoiced: '7.00', paid: '0.00', overdue: '0.00' });
    expect(queries).toBe(3);
  });

  it('reads revenue period ids', () => {
    expect(parseRevenueId('revenue:2026-12:GBP:company:cmp:with:colons')).toEqual({ month: '2026-12', currency: 'GBP', companyId: 'cmp:with:colons' });
    for (const bad of [
      'revenue:2026-13:USD:org',
      'revenue:2026-01:usd:org',
      'revenue:2026-01:USD:company:',
      'revenue:2026-01:USD:org:x',
      'period:2026-01:USD:org',
    ]) {
      expect(parseRevenueId(bad), bad).toBeUndefined();
    }
  });
});

describe('portal custom domains', () => {
  it.each([
    ['clients.yourmsp.com', 'clients.yourmsp.com'],
    ['Clients.YourMSP.com.', 'clients.yourmsp.com'],
    ['a-b.c-d.example.co.uk', 'a-b.c-d.example.co.uk'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected);
  });

  it.each([
    'localhost',
    'https://clients.yourmsp.com',
    'clients.yourmsp.com:8443',
    'clients.yourmsp.com/x',
    '*.yourmsp.com',
    '192.168.0.1',
    '-a.example.com',
    'a-.example.com',
    'a..example.com',
    `${'a'.repeat(64)}.example.com`,
    'under_score.example.com',
    '',
  ])('refuses %j with BAD_USER_INPUT naming the field', (input) => {
    expect(() => normaliseDomain(input)).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', issues: [expect.objectContaining({ path: 'input.customDomain' })] }),
      }),
    );
  });
});

import type { Queryable } from '@onegraph/db';
import { invoicesForRevenue } from './store.ts';

/**
 * A `RevenuePeriod` id, as crm makes it: `revenue:<YYYY-MM>:<currency>:org`
 * for the whole organisation, `revenue:<YYYY-MM>:<currency>:company:<id>`
 * for one company. The organisation is the caller's, never in the id.
 */
export interface RevenueScope {
  month: string;
  currency: string;
  companyId: string | null;
}

export function parseRevenueId(id: string): RevenueScope | undefined {
  const [kind, month, currency, scope, ...rest] = id.split(':');
  if (kind !== 'revenue' || !month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || !currency || !/^[A-Z]{3}$/.test(currency)) return undefined;
  if (scope === 'org' && rest.length === 0) return { month, currency, companyId: null };
  if (scope === 'company' && rest.length > 0 && rest.join(':')) return { month, currency, companyId: rest.join(':') };
  return undefined;
}

/** Books' side of a revenue period, as exact decimal strings. */
export interface BooksRevenue {
  id: string;
  invoiced: string;
  paid: string;
  overdue: string;
}

const cents = (value: string): bigint => {
  const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
  const c = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  return value.startsWith('-') ? -c : c;
};
const formatCents = (c: bigint): string => {
  const sign = c < 0n ? '-' : '';
  const a = c < 0n ? -c : c;
  return `${sign}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};
const monthOf = (d: Date) => d.toISOString().slice(0, 7);
const monthStart = (month: string) => new Date(`${month}-01T00:00:00.000Z`);
const nextMonth = (month: string) => {
  const d = monthStart(month);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
};

/**
 * Books figures of many periods at once (the `_entities` batch): one query
 * per currency and scope, summed in cents. Per month: `invoiced` is what was
 * issued in it, `paid` what was paid in it, `overdue` what was issued in it
 * and is overdue now.
 */
export async function booksRevenue(db: Queryable, org: string, ids: readonly string[]): Promise<(BooksRevenue | Error)[]> {
  const scopes = ids.map((id) => ({ id, scope: parseRevenueId(id) }));
  const groups = new Map<string, { currency: string; companyId: string | null; months: string[] }>();
  for (const { scope } of scopes) {
    if (!scope) continue;
    const key = `${scope.currency}\u0000${scope.companyId ?? ''}`;
    const group = groups.get(key) ?? { currency: scope.currency, companyId: scope.companyId, months: [] };
    group.months.push(scope.month);
    groups.set(key, group);
  }
  const totals = new Map<string, { invoiced: bigint; paid: bigint; overdue: bigint }>();
  const add = (key: string, field: 'invoiced' | 'paid' | 'overdue', amount: bigint) => {
    const t = totals.get(key) ?? { invoiced: 0n, paid: 0n, overdue: 0n };
    t[field] += amount;
    totals.set(key, t);
  };
  for (const [groupKey, group] of groups) {
    const sorted = [...group.months].sort();
    const invoices = await invoicesForRevenue(
      db,
      org,
      group.currency,
      monthStart(sorted[0]!),
      nextMonth(sorted[sorted.length - 1]!),
      group.companyId ? [group.companyId] : null,
    );
    for (const invoice of invoices) {
      const amount = cents(invoice.total);
      const issued = `${groupKey}\u0000${monthOf(new Date(invoice.issued_at))}`;
      add(issued, 'invoiced', amount);
      if (invoice.status === 'OVERDUE') add(issued, 'overdue', amount);
      if (invoice.status === 'PAID' && invoice.paid_at) add(`${groupKey}\u0000${monthOf(new Date(invoice.paid_at))}`, 'paid', amount);
    }
  }
  return scopes.map(({ id, scope }) => {
    if (!scope) return new Error(`${id} is not a revenue period id`);
    const t = totals.get(`${scope.currency}\u0000${scope.companyId ?? ''}\u0000${scope.month}`);
    return { id, invoiced: formatCents(t?.invoiced ?? 0n), paid: formatCents(t?.paid ?? 0n), overdue: formatCents(t?.overdue ?? 0n) };
  });
}

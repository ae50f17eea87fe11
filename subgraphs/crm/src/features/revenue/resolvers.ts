import { badInput, notFound } from '@onegraph/errors';
import type { CrmContext } from '../../core/context.ts';
import type { Resolvers, RevenuePeriodResolvers } from '../../generated/resolvers-types.ts';
import { crmRevenue, monthsBetween, type RevenuePeriodRow } from './store.ts';

/** The longest range the dashboard answers, in months. */
export const MAX_REVENUE_MONTHS = 36;

const issue = (path: string, message: string) => badInput(`${path}: ${message}`, { issues: [{ path, message }] });

/** `revenueDashboard`: validates the range (BAD_USER_INPUT naming the argument) and the company (NOT_FOUND when it is not the caller's). */
export async function revenueDashboard(
  args: { from: string; to: string; companyId?: string | null | undefined; currency?: string | null | undefined },
  { db, org, loaders }: CrmContext,
): Promise<RevenuePeriodRow[]> {
  // a calendar day that exists (Date.parse would roll 2026-02-30 over to March)
  const isDay = (v: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
  if (!isDay(args.from)) throw issue('from', 'a date like 2026-01-31');
  if (!isDay(args.to)) throw issue('to', 'a date like 2026-12-31');
  if (args.from > args.to) throw issue('from', `must not be after to (${args.to})`);
  const fromMonth = args.from.slice(0, 7);
  const toMonth = args.to.slice(0, 7);
  if (monthsBetween(fromMonth, toMonth).length > MAX_REVENUE_MONTHS) throw issue('to', `the range covers more than ${MAX_REVENUE_MONTHS} months`);
  const currency = (args.currency ?? 'USD').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw issue('currency', 'an ISO 4217 code such as USD');
  const companyId = args.companyId ?? null;
  if (companyId !== null && !(await loaders.company.load(companyId))) throw notFound('Company', companyId);
  return crmRevenue(db, org, { fromMonth, toMonth, currency, companyId });
}

/** The company is read back from the id (the parent may be an entity reference: only `id`). */
export const RevenuePeriod: RevenuePeriodResolvers = {
  company: (p, _, { loaders }) => {
    const [, , , scope, ...rest] = p.id.split(':');
    return scope === 'company' ? loaders.company.load(rest.join(':')) : null;
  },
};

export const revenueResolvers: Resolvers = {
  Query: {
    revenueDashboard: (_, args, ctx) => revenueDashboard(args, ctx),
  },
  RevenuePeriod,
};

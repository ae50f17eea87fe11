import { badInput } from '@onegraph/errors';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { listActivities } from '../store/activities.ts';
import { listCompanies } from '../store/companies.ts';
import { contactByPhone, listContacts } from '../store/contacts.ts';
import { pageSize } from '../store/cursor.ts';
import { listDeals } from '../store/deals.ts';
import { listEsign } from '../store/esign.ts';
import { listMailboxes } from '../store/mailboxes.ts';
import { listParkedEvents } from '../store/parked.ts';
import { listPipelines } from '../store/pipelines.ts';
import { listQuotes, quoteByShareToken } from '../store/quotes.ts';
import type { StageRow } from '../store/rows.ts';
import { listUnmatchedCalls } from '../store/voice-calls.ts';
import { normalizePhone } from '../validation/phone.ts';
import { checkDealFilter, timeRange } from '../validation/filters.ts';
import { sortedConnection, timelineCursor, toConnection } from './connection.ts';
import { revenueDashboard } from './RevenuePeriod.ts';

const sortOf = (order: { field?: string | undefined; direction?: string | undefined } | null | undefined) =>
  order ? { field: order.field ?? '', desc: order.direction === 'DESC' } : null;

export const Query: QueryResolvers = {
  revenueDashboard: (_, args, ctx) => revenueDashboard(args, ctx),
  company: (_, { id }, { loaders }) => loaders.company.load(id),
  async companies(_, { first, after, filter, orderBy }, { db, org }) {
    const size = pageSize(first);
    return sortedConnection(await listCompanies(db, org, { first: size, after, filter, sort: sortOf(orderBy) }), size);
  },
  contact: (_, { id }, { loaders }) => loaders.contact.load(id),
  async contacts(_, { first, after, filter, orderBy }, { db, org }) {
    const size = pageSize(first);
    return sortedConnection(await listContacts(db, org, { first: size, after, filter, sort: sortOf(orderBy) }), size);
  },
  async contactByPhone(_, { phone, region }, { db, org }) {
    const normalised = normalizePhone(phone, region?.toUpperCase());
    if (!normalised.ok) throw badInput(`phone: ${normalised.message}`, { argument: 'phone', issues: [{ path: 'phone', message: normalised.message }] });
    return contactByPhone(db, org, normalised.e164);
  },
  pipeline: (_, { id }, { loaders }) => loaders.pipeline.load(id),
  async pipelines(_, { first, after }, { db, org }) {
    const size = pageSize(first);
    return sortedConnection(await listPipelines(db, org, size, after), size);
  },
  deal: (_, { id }, { loaders }) => loaders.deal.load(id),
  async deals(_, { first, after, filter, orderBy }, { db, org }) {
    const size = pageSize(first);
    return sortedConnection(await listDeals(db, org, { first: size, after, filter: checkDealFilter(filter), sort: sortOf(orderBy) }), size);
  },
  async pipelineSummary(_, { companyId }, { loaders }) {
    const company = await loaders.company.load(companyId);
    if (!company) return null;
    const deals = await loaders.dealsByCompany.load(companyId);
    const stages = await loaders.stage.loadMany([...new Set(deals.map((d) => d.stage_id))]);
    return { company, deals, stages: new Map(stages.filter((s): s is StageRow => s !== null && !(s instanceof Error)).map((s) => [s.id, s])) };
  },
  activity: (_, { id }, { loaders }) => loaders.activity.load(id),
  async activities(_, { first, after, filter }, { db, org }) {
    const size = pageSize(first);
    const f = filter ?? {};
    const rows = await listActivities(
      db,
      org,
      { companyId: f.companyId, contactId: f.contactId, dealId: f.dealId, types: f.types?.length ? f.types : null, ...timeRange(f) },
      size + 1,
      after ?? null,
    );
    return toConnection(rows, size, timelineCursor);
  },
  quote: (_, { id }, { loaders }) => loaders.quote.load(id),
  async quotes(_, { first, after, filter }, { db, org }) {
    const size = pageSize(first);
    return sortedConnection(await listQuotes(db, org, filter, size, after), size);
  },
  quoteByShareToken: (_, { token }, { db, org }) => quoteByShareToken(db, org, token),
  esignDocument: (_, { id }, { loaders }) => loaders.esign.load(id),
  async esignDocuments(_, { first, after, filter }, { db, org }) {
    const size = pageSize(first);
    return sortedConnection(await listEsign(db, org, filter, size, after), size);
  },
  async unmatchedCalls(_, { first, after }, { db, org }) {
    const size = pageSize(first);
    const rows = await listUnmatchedCalls(db, org, size + 1, after);
    return toConnection(
      rows.map((r) => ({ ...r, id: r.call_id })),
      size,
      (r) => r.started_at.toISOString(),
    );
  },
  mailboxes: (_, __, { db, org }) => listMailboxes(db, org),
  async parkedEvents(_, { first, after, includeResolved, kind }, { db, org }) {
    const size = pageSize(first);
    return toConnection(await listParkedEvents(db, org, size, after, includeResolved ?? false, kind), size, (p) => p.sortKey);
  },
};

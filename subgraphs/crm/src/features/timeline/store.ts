import type { Queryable } from '@onegraph/db';
import { badInput } from '@onegraph/errors';
import { decodeCursor } from '@onegraph/db';
import type { ActivityRow } from '../../core/rows.ts';
import { Where } from '../../core/sql.ts';

export async function activitiesByIds(db: Queryable, org: string, ids: readonly string[]): Promise<ActivityRow[]> {
  const { rows } = await db.query<ActivityRow>(`SELECT * FROM activities WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

/** Whose timeline: a company's, a contact's or a deal's. */
export type TimelineScope = 'company' | 'contact' | 'deal';
const scopeColumn: Record<TimelineScope, string> = { company: 'company_id', contact: 'contact_id', deal: 'deal_id' };

export interface TimelineShape {
  scope: TimelineScope;
  /** Rows wanted per timeline: the page size plus one, to know whether there is a next page. */
  limit: number;
  after: string | null;
  types: readonly string[] | null;
  since: Date | null;
  until: Date | null;
}

function timelineWhere(w: Where, shape: Omit<TimelineShape, 'scope' | 'limit'>) {
  if (shape.types) w.add('type = ANY(?)', shape.types);
  w.maybe('occurred_at >= ?', shape.since);
  w.maybe('occurred_at < ?', shape.until);
  if (shape.after) {
    const c = decodeCursor(shape.after);
    const at = new Date(c.sortKey);
    if (Number.isNaN(at.getTime())) throw badInput('Invalid pagination cursor', { argument: 'after' });
    w.add('(occurred_at, id) < (?::timestamptz, ?)', at, c.id);
  }
  return w;
}

/**
 * The newest `limit` entries of each timeline after one cursor, in one
 * statement for all of them (a window per owner), so a page of companies
 * with their timelines, or their latest activity, costs one query.
 */
export async function timelinesOf(db: Queryable, org: string, ownerIds: readonly string[], shape: TimelineShape): Promise<ActivityRow[]> {
  const column = scopeColumn[shape.scope];
  const w = timelineWhere(new Where().add('org_id = ?', org).add(`${column} = ANY(?)`, ownerIds), shape);
  const { rows } = await db.query<ActivityRow & { owner_id: string }>(
    `SELECT * FROM (
       SELECT a.*, ${column} AS owner_id, row_number() OVER (PARTITION BY ${column} ORDER BY occurred_at DESC, id DESC) AS rank
       FROM activities a WHERE ${w}
     ) ranked WHERE rank <= ${w.param(shape.limit)} ORDER BY owner_id, occurred_at DESC, id DESC`,
    w.params,
  );
  return rows;
}

export interface ActivityListFilter {
  companyId?: string | null | undefined;
  contactId?: string | null | undefined;
  dealId?: string | null | undefined;
  types?: readonly string[] | null | undefined;
  since?: Date | null | undefined;
  until?: Date | null | undefined;
}

/** The organisation-wide timeline, newest first, filtered. */
export async function listActivities(db: Queryable, org: string, filter: ActivityListFilter, limit: number, after: string | null): Promise<ActivityRow[]> {
  const w = new Where()
    .add('org_id = ?', org)
    .maybe('company_id = ?', filter.companyId)
    .maybe('contact_id = ?', filter.contactId)
    .maybe('deal_id = ?', filter.dealId);
  timelineWhere(w, { after, types: filter.types ?? null, since: filter.since ?? null, until: filter.until ?? null });
  const { rows } = await db.query<ActivityRow>(`SELECT * FROM activities WHERE ${w} ORDER BY occurred_at DESC, id DESC LIMIT ${w.param(limit)}`, w.params);
  return rows;
}

export interface NewActivity {
  id: string;
  companyId: string;
  contactId?: string | null | undefined;
  dealId?: string | null | undefined;
  type: string;
  summary: string;
  body?: string | null | undefined;
  source: string;
  externalRef?: string | null | undefined;
  durationSeconds?: number | null | undefined;
  recordingUrl?: string | null | undefined;
  direction?: string | null | undefined;
  createdBy?: string | null | undefined;
  occurredAt: Date;
}

export async function insertActivity(db: Queryable, org: string, a: NewActivity): Promise<ActivityRow> {
  const { rows } = await db.query<ActivityRow>(
    `INSERT INTO activities (org_id, id, company_id, contact_id, deal_id, type, summary, body, source, external_ref, duration_seconds, recording_url, direction, created_by, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
    [
      org,
      a.id,
      a.companyId,
      a.contactId ?? null,
      a.dealId ?? null,
      a.type,
      a.summary,
      a.body ?? null,
      a.source,
      a.externalRef ?? null,
      a.durationSeconds ?? null,
      a.recordingUrl ?? null,
      a.direction ?? null,
      a.createdBy ?? null,
      a.occurredAt,
    ],
  );
  return rows[0]!;
}

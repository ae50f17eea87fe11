import type { Queryable } from '@onegraph/db';
import { decodeCursor } from '@onegraph/db';
import type { ContactRow, VoiceCallRow } from '../../core/rows.ts';
import { Where } from '../../core/sql.ts';

export type NewVoiceCall = Omit<VoiceCallRow, 'org_id' | 'activity_id'>;

/** Records a call; resolves with false when the call id is already known (a re-published event). */
export async function insertVoiceCall(db: Queryable, org: string, call: NewVoiceCall): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO voice_calls (org_id, call_id, direction, from_number, to_number, external_number, started_at, duration_seconds, recording_url, agent_user_id, unmatched_reason, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (org_id, call_id) DO NOTHING RETURNING call_id`,
    [
      org,
      call.call_id,
      call.direction,
      call.from_number,
      call.to_number,
      call.external_number,
      call.started_at,
      call.duration_seconds,
      call.recording_url,
      call.agent_user_id,
      call.unmatched_reason,
      call.received_at,
    ],
  );
  return rows.length > 0;
}

export async function setCallActivity(db: Queryable, org: string, callId: string, activityId: string): Promise<void> {
  await db.query(`UPDATE voice_calls SET activity_id = $3, unmatched_reason = NULL WHERE org_id = $1 AND call_id = $2`, [org, callId, activityId]);
}

export async function lockVoiceCall(db: Queryable, org: string, callId: string): Promise<VoiceCallRow | undefined> {
  const { rows } = await db.query<VoiceCallRow>(`SELECT * FROM voice_calls WHERE org_id = $1 AND call_id = $2 FOR UPDATE`, [org, callId]);
  return rows[0];
}

/** Unmatched calls, newest first, after a cursor; `limit` rows (the page size plus the next-page probe). */
export async function listUnmatchedCalls(db: Queryable, org: string, limit: number, after: string | null | undefined): Promise<VoiceCallRow[]> {
  const w = new Where().add('org_id = ?', org).add('activity_id IS NULL');
  if (after) {
    const c = decodeCursor(after);
    w.add('(started_at, call_id) < (?::timestamptz, ?)', c.sortKey, c.id);
  }
  const { rows } = await db.query<VoiceCallRow>(
    `SELECT * FROM voice_calls WHERE ${w} ORDER BY started_at DESC, call_id DESC LIMIT ${w.param(limit)}`,
    w.params,
  );
  return rows;
}

/** Contacts with an E.164 number, primary ones first, then the most recently updated (as contactByPhone orders them). */
export async function contactsWithPhone(db: Queryable, org: string, e164: string): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(
    `SELECT * FROM contacts WHERE org_id = $1 AND phone_numbers @> ARRAY[$2]::text[] ORDER BY is_primary DESC, updated_at DESC, id LIMIT 50`,
    [org, e164],
  );
  return rows;
}

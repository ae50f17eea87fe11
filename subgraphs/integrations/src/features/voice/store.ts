import type { Queryable } from '@onegraph/db';

/** A call of the Voice read model, shaped as the `VoiceCall` GraphQL type. */
export interface VoiceCallRow {
  id: string;
  direction: 'INBOUND' | 'OUTBOUND';
  number: string;
  startedAt: Date;
  durationSeconds: number;
  recordingUrl: string | null;
  agentUserId: string;
}

/** The calls of one number: how many, and the most recent (at most `RECENT_CALLS_MAX`), newest first. */
export interface NumberCalls {
  count: number;
  recent: VoiceCallRow[];
}

/** A contact's calls over all their numbers, shaped as `ContactCalls`. */
export type ContactCallsRow = NumberCalls;

/** The most recent calls a contact's `recent` lists. */
export const RECENT_CALLS_MAX = 20;

/** Records a completed call; a call id already known (Voice reported it again) changes nothing. */
export async function insertVoiceCall(db: Queryable, org: string, call: VoiceCallRow): Promise<void> {
  await db.query(
    `INSERT INTO voice_calls (org_id, call_id, direction, external_number, started_at, duration_seconds, recording_url, agent_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id, call_id) DO NOTHING`,
    [org, call.id, call.direction, call.number, call.startedAt, call.durationSeconds, call.recordingUrl, call.agentUserId],
  );
}

/** Each number's calls (count and most recent), in one query for every number of a batch. */
export async function callsByNumbers(db: Queryable, org: string, numbers: readonly string[]): Promise<Map<string, NumberCalls>> {
  const { rows } = await db.query<VoiceCallRow & { total: number }>(
    `SELECT id, direction, number, "startedAt", "durationSeconds", "recordingUrl", "agentUserId", total::int AS total FROM (
       SELECT call_id AS id, direction, external_number AS number, started_at AS "startedAt", duration_seconds AS "durationSeconds",
              recording_url AS "recordingUrl", agent_user_id AS "agentUserId",
              row_number() OVER (PARTITION BY external_number ORDER BY started_at DESC, call_id DESC) AS rank,
              count(*) OVER (PARTITION BY external_number) AS total
         FROM voice_calls WHERE org_id = $1 AND external_number = ANY($2)
     ) ranked WHERE rank <= $3 ORDER BY "startedAt" DESC, id DESC`,
    [org, numbers, RECENT_CALLS_MAX],
  );
  const byNumber = new Map<string, NumberCalls>();
  for (const { total, ...call } of rows) {
    const entry = byNumber.get(call.number) ?? { count: total, recent: [] };
    entry.recent.push(call);
    byNumber.set(call.number, entry);
  }
  return byNumber;
}

import type { Queryable } from '@onegraph/db';

/** Records that mail to these addresses bounced (a non-delivery report); the first report is kept. */
export async function recordBounces(db: Queryable, org: string, addresses: readonly string[], reportId: string, at: Date): Promise<void> {
  if (addresses.length === 0) return;
  await db.query(
    `INSERT INTO email_bounces (org_id, address, report_id, bounced_at) SELECT $1, a, $3, $4 FROM unnest($2::text[]) AS a ON CONFLICT (org_id, address) DO NOTHING`,
    [org, addresses, reportId, at],
  );
}

/** Which of the addresses bounced. */
export async function bouncedAmong(db: Queryable, org: string, addresses: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ address: string }>(`SELECT address FROM email_bounces WHERE org_id = $1 AND address = ANY($2)`, [org, addresses]);
  return new Set(rows.map((r) => r.address));
}

/** Sets a contact's consent flags (only those given); resolves with nothing: the caller reads the row again. */
export async function setConsent(db: Queryable, org: string, id: string, values: { doNotEmail?: boolean; unsubscribed?: boolean }, now: Date): Promise<void> {
  await db.query(
    `UPDATE contacts SET do_not_email = COALESCE($3, do_not_email),
            unsubscribed_at = CASE WHEN $4::boolean IS NULL THEN unsubscribed_at WHEN $4 THEN COALESCE(unsubscribed_at, $5) ELSE NULL END,
            version = version + 1, updated_at = $5
      WHERE org_id = $1 AND id = $2`,
    [org, id, values.doNotEmail ?? null, values.unsubscribed ?? null, now],
  );
}

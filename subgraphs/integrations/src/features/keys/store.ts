import { generateIntegrationKey, hashSecret, parseIntegrationKey, randomChars, secretMatches, type IntegrationKeyFormat } from '@onegraph/auth';
import type { Db, Queryable } from '@onegraph/db';

/** An integration key as stored (never with its secret in plaintext). */
export interface IntegrationKeyRow {
  id: string;
  org_id: string;
  product: string;
  name: string;
  format: IntegrationKeyFormat;
  prefix: string;
  secret_sha256: string;
  scopes: string[];
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  rotated_from: string | null;
  replaced_by: string | null;
  last_used_at: Date | null;
}

export type IntegrationKeyStatus = 'ACTIVE' | 'ROTATING' | 'EXPIRED' | 'REVOKED';

/** Where a key stands at `now`. ROTATING: replaced by a newer key, still valid until the overlap ends. */
export function statusOf(row: IntegrationKeyRow, now = new Date()): IntegrationKeyStatus {
  if (row.revoked_at) return 'REVOKED';
  if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return 'EXPIRED';
  return row.replaced_by ? 'ROTATING' : 'ACTIVE';
}

export interface NewIntegrationKey {
  org: string;
  product: string;
  name: string;
  scopes: readonly string[];
  expiresAt: Date | null;
  createdBy: string;
  format: IntegrationKeyFormat;
  rotatedFrom?: string;
}

const UNIQUE_VIOLATION = '23505';

/** Inserts a key with a given plaintext's prefix and hash; undefined when the prefix is taken. */
async function insert(db: Queryable, key: NewIntegrationKey, prefix: string, secretSha256: string): Promise<IntegrationKeyRow | undefined> {
  const { rows } = await db.query<IntegrationKeyRow>(
    `INSERT INTO integration_keys (id, org_id, product, name, format, prefix, secret_sha256, scopes, created_by, expires_at, rotated_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (prefix) DO NOTHING
     RETURNING *`,
    [
      `ikey_${randomChars(16)}`,
      key.org,
      key.product,
      key.name,
      key.format,
      prefix,
      secretSha256,
      [...key.scopes],
      key.createdBy,
      key.expiresAt,
      key.rotatedFrom ?? null,
    ],
  );
  return rows[0];
}

/** Creates a key; resolves with its record and the plaintext, which nothing stores. */
export async function createKey(db: Queryable, key: NewIntegrationKey): Promise<{ row: IntegrationKeyRow; plaintext: string }> {
  // a prefix collision (36^8 of them) is retried with a fresh key
  for (let attempt = 0; attempt < 5; attempt++) {
    const generated = generateIntegrationKey(key.format);
    const row = await insert(db, key, generated.prefix, generated.secretSha256);
    if (row) return { row, plaintext: generated.plaintext };
  }
  throw Object.assign(new Error('could not find a free integration key prefix'), { code: UNIQUE_VIOLATION });
}

/**
 * Stores a key whose plaintext is already known (the demo keys of `npm
 * start`, kept in a local file): inserted unless its prefix exists.
 * Resolves with the record now stored under that prefix.
 */
export async function importKey(db: Queryable, plaintext: string, key: Omit<NewIntegrationKey, 'format'>): Promise<IntegrationKeyRow> {
  const parsed = parseIntegrationKey(plaintext);
  if (!parsed) throw new Error('not an integration key');
  await insert(db, { ...key, format: parsed.format }, parsed.prefix, hashSecret(parsed.secret));
  const { rows } = await db.query<IntegrationKeyRow>(`SELECT * FROM integration_keys WHERE prefix = $1`, [parsed.prefix]);
  return rows[0]!;
}

/** The organisation's keys, newest first. */
export async function listKeys(db: Queryable, org: string): Promise<IntegrationKeyRow[]> {
  const { rows } = await db.query<IntegrationKeyRow>(`SELECT * FROM integration_keys WHERE org_id = $1 ORDER BY created_at DESC, id`, [org]);
  return rows;
}

export type RotateResult =
  | { ok: true; row: IntegrationKeyRow; plaintext: string; previous: IntegrationKeyRow }
  | { ok: false; reason: 'not-found' | 'revoked' | 'expired' | 'already-rotated' };

/**
 * Replaces a key by a new one with the same product, name, scopes and
 * expiry; the old key stays valid until `now + overlapSeconds` (or its own
 * earlier expiry), so the product can switch without downtime.
 */
export async function rotateKey(db: Db, org: string, id: string, overlapSeconds: number, actor: string, now = new Date()): Promise<RotateResult> {
  return db.transaction(async (tx): Promise<RotateResult> => {
    const { rows } = await tx.query<IntegrationKeyRow>(`SELECT * FROM integration_keys WHERE org_id = $1 AND id = $2 FOR UPDATE`, [org, id]);
    const old = rows[0];
    if (!old) return { ok: false, reason: 'not-found' };
    const status = statusOf(old, now);
    if (status === 'REVOKED') return { ok: false, reason: 'revoked' };
    if (status === 'EXPIRED') return { ok: false, reason: 'expired' };
    if (status === 'ROTATING') return { ok: false, reason: 'already-rotated' };
    const created = await createKey(tx, {
      org,
      product: old.product,
      name: old.name,
      scopes: old.scopes,
      expiresAt: old.expires_at,
      createdBy: actor,
      format: old.format,
      rotatedFrom: old.id,
    });
    const overlapEnd = new Date(now.getTime() + overlapSeconds * 1000);
    const updated = await tx.query<IntegrationKeyRow>(
      `UPDATE integration_keys SET replaced_by = $3, expires_at = LEAST(COALESCE(expires_at, $4), $4)
        WHERE org_id = $1 AND id = $2 RETURNING *`,
      [org, id, created.row.id, overlapEnd],
    );
    return { ok: true, row: created.row, plaintext: created.plaintext, previous: updated.rows[0]! };
  });
}

/** Revokes a key at once (a revoked key stays revoked: revoking again changes nothing). Undefined when not found. */
export async function revokeKey(db: Queryable, org: string, id: string, actor: string): Promise<IntegrationKeyRow | undefined> {
  const { rows } = await db.query<IntegrationKeyRow>(
    `UPDATE integration_keys SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $3)
      WHERE org_id = $1 AND id = $2 RETURNING *`,
    [org, id, actor],
  );
  return rows[0];
}

export type VerifyResult = { ok: true; row: IntegrationKeyRow } | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'expired'; keyId?: string };

/** How often `last_used_at` is written, at most, per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Checks a presented key: its prefix finds the record, its secret's hash is
 * compared in constant time, then revocation and expiry. A wrong secret is
 * "unknown", as a missing prefix is: nothing about a key is revealed to
 * someone who does not hold it. Records the last use, at most once a minute.
 */
export async function verifyKey(db: Queryable, plaintext: string, now = new Date()): Promise<VerifyResult> {
  const parsed = parseIntegrationKey(plaintext);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const { rows } = await db.query<IntegrationKeyRow>(`SELECT * FROM integration_keys WHERE prefix = $1`, [parsed.prefix]);
  const row = rows[0];
  // hash even without a record, so both paths take the same time
  const matches = secretMatches(parsed.secret, row?.secret_sha256 ?? '0'.repeat(64));
  if (!row || !matches || row.format !== parsed.format) return { ok: false, reason: 'unknown' };
  const status = statusOf(row, now);
  if (status === 'REVOKED') return { ok: false, reason: 'revoked', keyId: row.id };
  if (status === 'EXPIRED') return { ok: false, reason: 'expired', keyId: row.id };
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.query(`UPDATE integration_keys SET last_used_at = $2 WHERE id = $1`, [row.id, now]);
    row.last_used_at = now;
  }
  return { ok: true, row };
}

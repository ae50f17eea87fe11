-- Integration keys: the credentials other products (PSA, Books, ...) and
-- public API clients present to the graph. Only the sha256 of each secret is
-- stored; the plaintext is shown once, when the key is created or rotated.
CREATE TABLE integration_keys (
  id             text PRIMARY KEY,
  org_id         text NOT NULL,
  -- the product the key belongs to (psa, books, ...)
  product        text NOT NULL,
  name           text NOT NULL,
  -- 'ogk' (product-to-product, X-Integration-Key) or 'tos' (public API, Authorization: Bearer)
  format         text NOT NULL CHECK (format IN ('ogk', 'tos')),
  -- the public part of the key, unique: how a presented key finds its record
  prefix         text NOT NULL UNIQUE,
  secret_sha256  text NOT NULL,
  -- permission strings, the only things the key may do
  scopes         text[] NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  -- chosen at creation, or the end of the overlap once the key was rotated
  expires_at     timestamptz,
  revoked_at     timestamptz,
  revoked_by     text,
  -- rotation chain
  rotated_from   text,
  replaced_by    text,
  -- updated at most once a minute per key
  last_used_at   timestamptz
);
CREATE INDEX integration_keys_org ON integration_keys (org_id, created_at DESC);

-- Voice calls and Microsoft 365 email sync (issue 4).

-- Every call Voice reported, once per call id: a redelivered or re-published
-- voice.call.completed finds its row and changes nothing. A call whose
-- number matches no contact, or contacts of several companies, keeps
-- activity_id NULL and is listed by Query.unmatchedCalls until someone
-- links it to a contact (Mutation.linkCall).
CREATE TABLE voice_calls (
  org_id           text NOT NULL,
  call_id          text NOT NULL,
  direction        text NOT NULL,
  from_number      text NOT NULL,
  to_number        text NOT NULL,
  -- the external party's number: E.164 when it normalises, else as Voice sent it
  external_number  text NOT NULL,
  started_at       timestamptz NOT NULL,
  duration_seconds integer NOT NULL,
  recording_url    text,
  agent_user_id    text NOT NULL,
  -- NO_CONTACT | AMBIGUOUS | INVALID_NUMBER while unmatched
  unmatched_reason text,
  activity_id      text,
  received_at      timestamptz NOT NULL,
  PRIMARY KEY (org_id, call_id)
);
CREATE INDEX voice_calls_unmatched ON voice_calls (org_id, started_at DESC, call_id DESC) WHERE activity_id IS NULL;

-- Mailboxes connected for M365 email sync.
CREATE TABLE m365_mailboxes (
  org_id         text NOT NULL,
  id             text NOT NULL,
  address        text NOT NULL,
  connected_by   text NOT NULL,
  connected_at   timestamptz NOT NULL,
  last_synced_at timestamptz,
  last_error     text,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, address)
);

-- Where each folder's sync stands: a Graph @odata.nextLink while a round is
-- paged through, its @odata.deltaLink once done. Written in the transaction
-- that imports the page it follows, so a restart resumes exactly there.
CREATE TABLE m365_sync_state (
  org_id     text NOT NULL,
  mailbox_id text NOT NULL,
  folder     text NOT NULL,
  link       text NOT NULL,
  complete   boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, mailbox_id, folder)
);

-- Every email the CRM has seen (synced or sent), once per organisation by
-- its internet message id: the same mail in an inbox and in sent items, in
-- two connected mailboxes, or sent from the CRM and returned by the
-- sent-items delta, is one timeline entry.
CREATE TABLE m365_messages (
  org_id              text NOT NULL,
  internet_message_id text NOT NULL,
  mailbox_id          text NOT NULL,
  graph_id            text,
  -- sendEmail's idempotency key, for emails sent from the CRM
  send_key            text,
  activity_ids        text[] NOT NULL DEFAULT '{}',
  seen_at             timestamptz NOT NULL,
  PRIMARY KEY (org_id, internet_message_id)
);
CREATE UNIQUE INDEX m365_messages_send_key ON m365_messages (org_id, send_key) WHERE send_key IS NOT NULL;

-- Email matching looks contacts up by address and companies by domain (both stored lower case).
CREATE INDEX IF NOT EXISTS contacts_emails ON contacts USING gin (emails);
CREATE INDEX IF NOT EXISTS companies_domains ON companies USING gin (domains);

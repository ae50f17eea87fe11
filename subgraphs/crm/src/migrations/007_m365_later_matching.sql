-- Emails matched later: a synced message's external parties that no contact
-- had when it was imported are kept, with what its timeline entry shows, so
-- that a contact created (or given the address) afterwards gets the earlier
-- emails on its timeline (features/m365/earlier-emails.ts). Empty for messages every
-- party of which was a contact, and for messages sent from the CRM.
-- Messages imported before this migration have none: they stay as they were.
ALTER TABLE m365_messages ADD COLUMN unknown_parties text[] NOT NULL DEFAULT '{}';
ALTER TABLE m365_messages ADD COLUMN direction text;
ALTER TABLE m365_messages ADD COLUMN summary text;
ALTER TABLE m365_messages ADD COLUMN body text;
ALTER TABLE m365_messages ADD COLUMN occurred_at timestamptz;
CREATE INDEX m365_messages_unknown_parties ON m365_messages USING gin (unknown_parties);

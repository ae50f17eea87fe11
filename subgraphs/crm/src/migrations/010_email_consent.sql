-- Email consent: a contact's do-not-email flag and unsubscription, and the
-- addresses that bounced (from Microsoft Graph's non-delivery reports in the
-- M365 sync). Sequence and campaign email is never sent to any of them.
ALTER TABLE contacts
  ADD COLUMN do_not_email boolean NOT NULL DEFAULT false,
  ADD COLUMN unsubscribed_at timestamptz;

CREATE TABLE email_bounces (
  org_id       text NOT NULL,
  address      text NOT NULL,
  -- the non-delivery report's internet message id
  report_id    text NOT NULL,
  bounced_at   timestamptz NOT NULL,
  PRIMARY KEY (org_id, address)
);

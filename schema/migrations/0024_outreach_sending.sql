-- Outreach e-mails in flight (issue 12): `sending` is set, with the e-mail's Message-ID, in a
-- transaction committed after the SMTP server accepted the envelope and just before DATA.
-- A worker that dies between the server's acceptance and the row's update leaves the row
-- `sending`, and the job's retry then records it as sent (unconfirmed) instead of sending
-- it a second time (bot/lead_platform/outreach/sending.py explains the choice).
ALTER TABLE outreach_emails DROP CONSTRAINT outreach_emails_status_check;
ALTER TABLE outreach_emails ADD CONSTRAINT outreach_emails_status_check
    CHECK (status IN ('pending', 'approved', 'sending', 'rejected', 'sent', 'delivered', 'opened', 'replied',
                      'bounced'));

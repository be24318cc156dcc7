-- Notifications, SQLite, version 3. Immutable once released: change the schema with a new script.

-- A notice sent by e-mail (Email/SmtpNotificationSink): the Message-Id it went out with and when the SMTP server accepted
-- it. A retried SendNotification activity finds emailed_at set and sends nothing. Read and written by notification_id
-- (the primary key); the row goes with its notice when retention purges it.
ALTER TABLE notifications ADD COLUMN email_message_id TEXT NULL;
ALTER TABLE notifications ADD COLUMN emailed_at INTEGER NULL;

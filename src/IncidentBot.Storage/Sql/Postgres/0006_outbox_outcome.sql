-- Exactly-once delivery on top of the outbox (0003); the same columns as Sql/Sqlite/0006_outbox_outcome.sql.
--
-- outcome_unknown: an earlier attempt may have reached the platform without our knowing (a timeout, a broken
--   connection, a failure after the platform accepted it), or its claimant died mid-attempt (a claim taken over
--   while claimed_by is still set). The sender then looks for the message on the platform before sending again.
--   Once set it stays set until the message is delivered or failed.
-- progress: how far a multi-step delivery got (Slack's file upload: the uploaded file's id), recorded before the
--   step whose answer could be lost, so a retry continues instead of uploading a second file. Opaque to the store.
ALTER TABLE outbox_message
    ADD COLUMN outcome_unknown boolean NOT NULL DEFAULT false,
    ADD COLUMN progress        text;

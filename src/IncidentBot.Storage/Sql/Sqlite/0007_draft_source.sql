-- The delivery (platform command) that made a postmortem version. A command acknowledged at once and run later
-- by the outbox worker may run again after a crash; the same delivery then gets the version it stored, not a new
-- one. Versions made without a delivery (NULL) never collide.
ALTER TABLE postmortem_draft ADD COLUMN source_id TEXT;

CREATE UNIQUE INDEX ux_postmortem_draft_source ON postmortem_draft (workspace, incident_id, source_id);

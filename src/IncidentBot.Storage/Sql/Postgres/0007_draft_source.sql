-- The delivery (platform command) that made a postmortem version. The same change as
-- Sql/Sqlite/0007_draft_source.sql: the same delivery run again gets the version it stored, not a new one.
-- Versions made without a delivery (NULL) never collide.
ALTER TABLE postmortem_draft ADD COLUMN source_id text;

CREATE UNIQUE INDEX ux_postmortem_draft_source ON postmortem_draft (workspace, incident_id, source_id);

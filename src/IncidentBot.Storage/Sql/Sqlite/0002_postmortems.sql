-- Postmortem notes (what people add with /postmortem contribute|why|factor|learned) and the compiled
-- draft versions of each incident's postmortem. Same conventions as 0001_initial.sql: instants are
-- ISO-8601 text in UTC, and both tables carry `workspace` and reference (workspace, id) of the incident,
-- so nothing can hang off another workspace's incident.

CREATE TABLE postmortem_note (
    id           INTEGER NOT NULL PRIMARY KEY,
    workspace    TEXT    NOT NULL,
    incident_id  INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    author_id    TEXT    NOT NULL,
    author_name  TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    source_id    TEXT,
    withdrawn_at TEXT,
    CONSTRAINT fk_postmortem_note_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id),
    -- Re-delivery of the same platform command is idempotent; notes without a source (NULL) never collide.
    CONSTRAINT ux_postmortem_note_source UNIQUE (workspace, kind, source_id)
) STRICT;

CREATE INDEX ix_postmortem_note_incident ON postmortem_note (workspace, incident_id, created_at, id);

-- Versions are numbered per incident from 1 inside the insert's transaction (BEGIN IMMEDIATE holds the
-- write lock); the unique key backs that up and serves "latest", "list" and "published" lookups.
CREATE TABLE postmortem_draft (
    id              INTEGER NOT NULL PRIMARY KEY,
    workspace       TEXT    NOT NULL,
    incident_id     INTEGER NOT NULL,
    version         INTEGER NOT NULL CHECK (version >= 1),
    markdown        TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    created_by_id   TEXT    NOT NULL,
    created_by_name TEXT    NOT NULL,
    published       INTEGER NOT NULL CHECK (published IN (0, 1)),
    names_replaced  INTEGER NOT NULL CHECK (names_replaced IN (0, 1)),
    CONSTRAINT fk_postmortem_draft_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id),
    CONSTRAINT ux_postmortem_draft_version UNIQUE (workspace, incident_id, version)
) STRICT;

-- Postmortem notes (what people add with /postmortem contribute|why|factor|learned) and the compiled
-- draft versions of each incident's postmortem. The same tables as Sql/Sqlite/0002_postmortems.sql;
-- instants are timestamptz. Both tables carry workspace and reference (workspace, id) of the incident,
-- so nothing can hang off another workspace's incident.

CREATE TABLE postmortem_note (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace    text        NOT NULL,
    incident_id  bigint      NOT NULL,
    kind         text        NOT NULL,
    author_id    text        NOT NULL,
    author_name  text        NOT NULL,
    text         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    source_id    text,
    withdrawn_at timestamptz,
    CONSTRAINT fk_postmortem_note_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id),
    -- Re-delivery of the same platform command is idempotent; notes without a source (NULL) never collide.
    CONSTRAINT ux_postmortem_note_source UNIQUE (workspace, kind, source_id)
);

CREATE INDEX ix_postmortem_note_incident ON postmortem_note (workspace, incident_id, created_at, id);

-- Versions are numbered per incident from 1 inside the insert's transaction, which first locks the
-- incident's row; the unique key backs that up and serves "latest", "list" and "published" lookups.
CREATE TABLE postmortem_draft (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace       text        NOT NULL,
    incident_id     bigint      NOT NULL,
    version         integer     NOT NULL CHECK (version >= 1),
    markdown        text        NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by_id   text        NOT NULL,
    created_by_name text        NOT NULL,
    published       boolean     NOT NULL,
    names_replaced  boolean     NOT NULL,
    CONSTRAINT fk_postmortem_draft_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id),
    CONSTRAINT ux_postmortem_draft_version UNIQUE (workspace, incident_id, version)
);

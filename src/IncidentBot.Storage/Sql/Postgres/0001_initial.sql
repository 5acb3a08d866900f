-- Incidents, their timelines, per-workspace incident numbers and the sandbox chat.
-- The same tables as Sql/Sqlite/0001_initial.sql; instants are timestamptz.
-- Every table that holds tenant data carries workspace, and every query filters on it.

-- The last number handed out per workspace; bumped by an upsert inside the create transaction.
CREATE TABLE incident_number (
    workspace   text    NOT NULL PRIMARY KEY,
    last_number integer NOT NULL
);

CREATE TABLE incident (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace         text        NOT NULL,
    number            integer     NOT NULL,
    title             text        NOT NULL,
    severity          integer     NOT NULL CHECK (severity BETWEEN 1 AND 4),
    status            text        NOT NULL,
    channel_platform  text        NOT NULL,
    channel_id        text        NOT NULL,
    channel_name      text        NOT NULL,
    declared_by_id    text        NOT NULL,
    declared_by_name  text        NOT NULL,
    declared_at       timestamptz NOT NULL,
    summary           text,
    impact            text,
    commander_id      text,
    commander_name    text,
    comms_id          text,
    comms_name        text,
    scribe_id         text,
    scribe_name       text,
    impact_started_at timestamptz,
    detected_at       timestamptz,
    acknowledged_at   timestamptz,
    mitigated_at      timestamptz,
    resolved_at       timestamptz,
    version           integer     NOT NULL,
    CONSTRAINT ux_incident_number UNIQUE (workspace, number),
    -- Lets timeline_event reference (workspace, id), so an event cannot hang off another workspace incident.
    CONSTRAINT ux_incident_workspace_id UNIQUE (workspace, id),
    CHECK ((commander_id IS NULL) = (commander_name IS NULL)),
    CHECK ((comms_id IS NULL) = (comms_name IS NULL)),
    CHECK ((scribe_id IS NULL) = (scribe_name IS NULL))
);

CREATE INDEX ix_incident_declared ON incident (workspace, declared_at, number);
CREATE INDEX ix_incident_channel ON incident (workspace, channel_id, declared_at, number);

CREATE TABLE timeline_event (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace     text        NOT NULL,
    incident_id   bigint      NOT NULL,
    kind          text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    recorded_at   timestamptz NOT NULL,
    author_id     text        NOT NULL,
    author_name   text        NOT NULL,
    text          text        NOT NULL,
    source_id     text,
    thread_id     text,
    link          text,
    original_text text,
    edited_at     timestamptz,
    withdrawn_at  timestamptz,
    CONSTRAINT fk_timeline_event_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id)
);

-- Re-delivery of the same platform message is idempotent; events without a source (NULL) never collide.
CREATE UNIQUE INDEX ux_timeline_event_source ON timeline_event (workspace, kind, source_id);
CREATE INDEX ix_timeline_event_incident ON timeline_event (workspace, incident_id, occurred_at, id);
CREATE INDEX ix_timeline_event_any_kind_source ON timeline_event (workspace, source_id);

-- The sandbox chat. A message is edited, deleted (softly: deleted_at) and pinned in place; every change,
-- posting included, takes the next value of sandbox_revision inside its transaction and stores it in
-- revision, so a page polling a channel finds edits, deletions and pins of messages it already shows.
CREATE TABLE sandbox_message (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel     text        NOT NULL,
    author_id   text        NOT NULL,
    author_name text        NOT NULL,
    from_bot    boolean     NOT NULL,
    body        text        NOT NULL,
    posted_at   timestamptz NOT NULL,
    visible_to  text,
    edited_at   timestamptz,
    deleted_at  timestamptz,
    pinned      boolean     NOT NULL DEFAULT false,
    revision    bigint      NOT NULL
);

CREATE INDEX ix_sandbox_message_channel ON sandbox_message (channel, id);
CREATE INDEX ix_sandbox_message_revision ON sandbox_message (channel, revision);

-- One row: the last revision handed out. Bumped first in every writing transaction (its row lock makes
-- writers take turns), so revisions and message ids become visible in the order they were given.
CREATE TABLE sandbox_revision (
    id       integer NOT NULL PRIMARY KEY CHECK (id = 1),
    revision bigint  NOT NULL
);

INSERT INTO sandbox_revision (id, revision) VALUES (1, 0);

-- Files that go with the bot's messages (a postmortem draft, an invite), downloadable from the sandbox.
CREATE TABLE sandbox_attachment (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id bigint NOT NULL,
    file_name  text   NOT NULL,
    title      text   NOT NULL,
    media_type text   NOT NULL,
    content    text   NOT NULL,
    length     bigint NOT NULL CHECK (length >= 0),
    page_path  text,
    CONSTRAINT fk_sandbox_attachment_message FOREIGN KEY (message_id) REFERENCES sandbox_message (id)
);

CREATE INDEX ix_sandbox_attachment_message ON sandbox_attachment (message_id, id);

-- Incidents, their timelines, per-workspace incident numbers and the sandbox chat.
-- Instants are ISO-8601 text in UTC (see UtcInstant), so text order is time order.
-- Every table that holds tenant data carries `workspace`, and every query filters on it.

-- The last number handed out per workspace; bumped by an upsert inside the create transaction.
CREATE TABLE incident_number (
    workspace   TEXT    NOT NULL PRIMARY KEY,
    last_number INTEGER NOT NULL
) STRICT;

CREATE TABLE incident (
    id                INTEGER NOT NULL PRIMARY KEY,
    workspace         TEXT    NOT NULL,
    number            INTEGER NOT NULL,
    title             TEXT    NOT NULL,
    severity          INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
    status            TEXT    NOT NULL,
    channel_platform  TEXT    NOT NULL,
    channel_id        TEXT    NOT NULL,
    channel_name      TEXT    NOT NULL,
    declared_by_id    TEXT    NOT NULL,
    declared_by_name  TEXT    NOT NULL,
    declared_at       TEXT    NOT NULL,
    summary           TEXT,
    impact            TEXT,
    commander_id      TEXT,
    commander_name    TEXT,
    comms_id          TEXT,
    comms_name        TEXT,
    scribe_id         TEXT,
    scribe_name       TEXT,
    impact_started_at TEXT,
    detected_at       TEXT,
    acknowledged_at   TEXT,
    mitigated_at      TEXT,
    resolved_at       TEXT,
    version           INTEGER NOT NULL,
    CONSTRAINT ux_incident_number UNIQUE (workspace, number),
    -- Lets timeline_event reference (workspace, id), so an event cannot hang off another workspace's incident.
    CONSTRAINT ux_incident_workspace_id UNIQUE (workspace, id),
    CHECK ((commander_id IS NULL) = (commander_name IS NULL)),
    CHECK ((comms_id IS NULL) = (comms_name IS NULL)),
    CHECK ((scribe_id IS NULL) = (scribe_name IS NULL))
) STRICT;

CREATE INDEX ix_incident_declared ON incident (workspace, declared_at, number);
CREATE INDEX ix_incident_channel ON incident (workspace, channel_id, declared_at, number);

CREATE TABLE timeline_event (
    id            INTEGER NOT NULL PRIMARY KEY,
    workspace     TEXT    NOT NULL,
    incident_id   INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    occurred_at   TEXT    NOT NULL,
    recorded_at   TEXT    NOT NULL,
    author_id     TEXT    NOT NULL,
    author_name   TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    source_id     TEXT,
    thread_id     TEXT,
    link          TEXT,
    original_text TEXT,
    edited_at     TEXT,
    withdrawn_at  TEXT,
    CONSTRAINT fk_timeline_event_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id)
) STRICT;

-- Re-delivery of the same platform message is idempotent; events without a source (NULL) never collide.
CREATE UNIQUE INDEX ux_timeline_event_source ON timeline_event (workspace, kind, source_id);
CREATE INDEX ix_timeline_event_incident ON timeline_event (workspace, incident_id, occurred_at, id);
CREATE INDEX ix_timeline_event_any_kind_source ON timeline_event (workspace, source_id);

-- The sandbox chat. A message is edited, deleted (softly: deleted_at) and pinned in place; every change,
-- posting included, takes the next value of sandbox_revision inside its transaction and stores it in
-- `revision`, so a page polling a channel finds edits, deletions and pins of messages it already shows.
CREATE TABLE sandbox_message (
    id          INTEGER NOT NULL PRIMARY KEY,
    channel     TEXT    NOT NULL,
    author_id   TEXT    NOT NULL,
    author_name TEXT    NOT NULL,
    from_bot    INTEGER NOT NULL CHECK (from_bot IN (0, 1)),
    body        TEXT    NOT NULL,
    posted_at   TEXT    NOT NULL,
    visible_to  TEXT,
    edited_at   TEXT,
    deleted_at  TEXT,
    pinned      INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    revision    INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_sandbox_message_channel ON sandbox_message (channel, id);
CREATE INDEX ix_sandbox_message_revision ON sandbox_message (channel, revision);

-- One row: the last revision handed out. Bumped first in every writing transaction, which also makes
-- writers take turns, so revisions (and message ids) become visible in the order they were given.
CREATE TABLE sandbox_revision (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
) STRICT;

INSERT INTO sandbox_revision (id, revision) VALUES (1, 0);

-- Files that go with the bot's messages (a postmortem draft, an invite), downloadable from the sandbox.
CREATE TABLE sandbox_attachment (
    id         INTEGER NOT NULL PRIMARY KEY,
    message_id INTEGER NOT NULL,
    file_name  TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    media_type TEXT    NOT NULL,
    content    TEXT    NOT NULL,
    length     INTEGER NOT NULL CHECK (length >= 0),
    page_path  TEXT,
    CONSTRAINT fk_sandbox_attachment_message FOREIGN KEY (message_id) REFERENCES sandbox_message (id)
) STRICT;

CREATE INDEX ix_sandbox_attachment_message ON sandbox_attachment (message_id, id);

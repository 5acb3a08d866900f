-- Reviews and their facilitators, action items, and reminders (issue 5). Same conventions as 0001 and 0002:
-- instants are ISO-8601 text in UTC, every table carries `workspace`, and rows that belong to an incident
-- reference (workspace, id) of it. (0003 is the outbound queue, added on another branch.)

CREATE TABLE review (
    id                INTEGER NOT NULL PRIMARY KEY,
    workspace         TEXT    NOT NULL,
    incident_id       INTEGER NOT NULL,
    starts_at         TEXT    NOT NULL,
    duration_seconds  INTEGER NOT NULL CHECK (duration_seconds > 0),
    facilitator_id    TEXT,
    facilitator_name  TEXT,
    facilitator_state TEXT    NOT NULL,
    facilitator_since TEXT,
    invite_sequence   INTEGER NOT NULL CHECK (invite_sequence >= 0),
    booked_by_id      TEXT    NOT NULL,
    booked_by_name    TEXT    NOT NULL,
    booked_at         TEXT    NOT NULL,
    cancelled_at      TEXT,
    done_at           TEXT,
    version           INTEGER NOT NULL,
    CONSTRAINT fk_review_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id),
    -- One review per incident: booking again moves it, and its calendar UID stays the same.
    CONSTRAINT ux_review_incident UNIQUE (workspace, incident_id),
    CONSTRAINT ux_review_workspace_id UNIQUE (workspace, id),
    CHECK ((facilitator_id IS NULL) = (facilitator_name IS NULL))
) STRICT;

-- Who passed on facilitating a review, so the rotation asks someone else.
CREATE TABLE review_pass (
    workspace   TEXT    NOT NULL,
    review_id   INTEGER NOT NULL,
    person_id   TEXT    NOT NULL,
    person_name TEXT    NOT NULL,
    passed_at   TEXT    NOT NULL,
    PRIMARY KEY (workspace, review_id, person_id),
    CONSTRAINT fk_review_pass_review FOREIGN KEY (workspace, review_id) REFERENCES review (workspace, id)
) STRICT;

-- The people reviews' facilitators rotate through, per workspace.
CREATE TABLE facilitator (
    id          INTEGER NOT NULL PRIMARY KEY,
    workspace   TEXT    NOT NULL,
    person_id   TEXT    NOT NULL,
    person_name TEXT    NOT NULL,
    added_at    TEXT    NOT NULL,
    CONSTRAINT ux_facilitator_person UNIQUE (workspace, person_id)
) STRICT;

-- Per-workspace review settings: where the daily overdue digest goes.
CREATE TABLE review_setting (
    workspace               TEXT NOT NULL PRIMARY KEY,
    digest_channel_platform TEXT NOT NULL,
    digest_channel_id       TEXT NOT NULL,
    digest_channel_name     TEXT NOT NULL,
    updated_at              TEXT NOT NULL
) STRICT;

-- The last action item number handed out per workspace (AI-1, AI-2 …).
CREATE TABLE action_item_number (
    workspace   TEXT    NOT NULL PRIMARY KEY,
    last_number INTEGER NOT NULL
) STRICT;

CREATE TABLE action_item (
    id              INTEGER NOT NULL PRIMARY KEY,
    workspace       TEXT    NOT NULL,
    incident_id     INTEGER NOT NULL,
    number          INTEGER NOT NULL,
    title           TEXT    NOT NULL,
    owner_id        TEXT,
    owner_name      TEXT,
    -- A local date of the workspace, YYYY-MM-DD, so text order is date order.
    due_on          TEXT CHECK (due_on IS NULL OR due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    type            TEXT    NOT NULL,
    priority        INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 3),
    status          TEXT    NOT NULL,
    factor          INTEGER CHECK (factor IS NULL OR factor >= 1),
    link            TEXT,
    created_by_id   TEXT    NOT NULL,
    created_by_name TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    closed_at       TEXT,
    drop_reason     TEXT,
    version         INTEGER NOT NULL,
    CONSTRAINT fk_action_item_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id),
    CONSTRAINT ux_action_item_number UNIQUE (workspace, number),
    CHECK ((owner_id IS NULL) = (owner_name IS NULL))
) STRICT;

CREATE INDEX ix_action_item_incident ON action_item (workspace, incident_id, number);
CREATE INDEX ix_action_item_open ON action_item (workspace, status, due_on, number);

-- Reminders are facts: what, to whom, due when, claimed by whom until when, sent (or skipped, or cancelled) when.
-- A replica claims a due reminder by setting claimed_by/claimed_until in one UPDATE that only one writer can
-- win; a claim that expires (the replica died) can be taken over. subject_id is a review id or an action item
-- number; incident_id is 0 for the workspace digest.
CREATE TABLE reminder (
    id                 INTEGER NOT NULL PRIMARY KEY,
    workspace          TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    subject_id         INTEGER NOT NULL,
    incident_id        INTEGER NOT NULL,
    recipient_platform TEXT    NOT NULL,
    recipient_id       TEXT    NOT NULL,
    recipient_name     TEXT    NOT NULL,
    due_at             TEXT    NOT NULL,
    revision           INTEGER NOT NULL,
    dedupe_key         TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    claimed_by         TEXT,
    claimed_until      TEXT,
    attempts           INTEGER NOT NULL DEFAULT 0,
    sent_at            TEXT,
    late               INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    skipped_at         TEXT,
    cancelled_at       TEXT,
    note               TEXT,
    -- Scheduling the same reminder twice (two replicas, a retried command) stores it once.
    CONSTRAINT ux_reminder_dedupe UNIQUE (workspace, dedupe_key)
) STRICT;

-- The reminder job's scan: pending reminders by due time.
CREATE INDEX ix_reminder_pending ON reminder (due_at, id) WHERE sent_at IS NULL AND skipped_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX ix_reminder_subject ON reminder (workspace, subject_id, kind);

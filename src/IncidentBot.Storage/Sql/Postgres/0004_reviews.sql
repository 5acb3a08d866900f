-- Reviews and their facilitators, action items, and reminders (issue 5). The same tables as
-- Sql/Sqlite/0004_reviews.sql; instants are timestamptz and due dates are date. (0003 is the outbound queue,
-- added on another branch.)

CREATE TABLE review (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace         text        NOT NULL,
    incident_id       bigint      NOT NULL,
    starts_at         timestamptz NOT NULL,
    duration_seconds  integer     NOT NULL CHECK (duration_seconds > 0),
    facilitator_id    text,
    facilitator_name  text,
    facilitator_state text        NOT NULL,
    facilitator_since timestamptz,
    invite_sequence   integer     NOT NULL CHECK (invite_sequence >= 0),
    booked_by_id      text        NOT NULL,
    booked_by_name    text        NOT NULL,
    booked_at         timestamptz NOT NULL,
    cancelled_at      timestamptz,
    done_at           timestamptz,
    version           integer     NOT NULL,
    CONSTRAINT fk_review_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id),
    -- One review per incident: booking again moves it, and its calendar UID stays the same.
    CONSTRAINT ux_review_incident UNIQUE (workspace, incident_id),
    CONSTRAINT ux_review_workspace_id UNIQUE (workspace, id),
    CHECK ((facilitator_id IS NULL) = (facilitator_name IS NULL))
);

-- Who passed on facilitating a review, so the rotation asks someone else.
CREATE TABLE review_pass (
    workspace   text        NOT NULL,
    review_id   bigint      NOT NULL,
    person_id   text        NOT NULL,
    person_name text        NOT NULL,
    passed_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace, review_id, person_id),
    CONSTRAINT fk_review_pass_review FOREIGN KEY (workspace, review_id) REFERENCES review (workspace, id)
);

-- The people reviews' facilitators rotate through, per workspace.
CREATE TABLE facilitator (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace   text        NOT NULL,
    person_id   text        NOT NULL,
    person_name text        NOT NULL,
    added_at    timestamptz NOT NULL,
    CONSTRAINT ux_facilitator_person UNIQUE (workspace, person_id)
);

-- Per-workspace review settings: where the daily overdue digest goes.
CREATE TABLE review_setting (
    workspace               text        NOT NULL PRIMARY KEY,
    digest_channel_platform text        NOT NULL,
    digest_channel_id       text        NOT NULL,
    digest_channel_name     text        NOT NULL,
    updated_at              timestamptz NOT NULL
);

-- The last action item number handed out per workspace (AI-1, AI-2 …).
CREATE TABLE action_item_number (
    workspace   text    NOT NULL PRIMARY KEY,
    last_number integer NOT NULL
);

CREATE TABLE action_item (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace       text        NOT NULL,
    incident_id     bigint      NOT NULL,
    number          integer     NOT NULL,
    title           text        NOT NULL,
    owner_id        text,
    owner_name      text,
    -- A local date of the workspace.
    due_on          date,
    type            text        NOT NULL,
    priority        integer     NOT NULL CHECK (priority BETWEEN 1 AND 3),
    status          text        NOT NULL,
    factor          integer     CHECK (factor IS NULL OR factor >= 1),
    link            text,
    created_by_id   text        NOT NULL,
    created_by_name text        NOT NULL,
    created_at      timestamptz NOT NULL,
    closed_at       timestamptz,
    drop_reason     text,
    version         integer     NOT NULL,
    CONSTRAINT fk_action_item_incident FOREIGN KEY (workspace, incident_id) REFERENCES incident (workspace, id),
    CONSTRAINT ux_action_item_number UNIQUE (workspace, number),
    CHECK ((owner_id IS NULL) = (owner_name IS NULL))
);

CREATE INDEX ix_action_item_incident ON action_item (workspace, incident_id, number);
CREATE INDEX ix_action_item_open ON action_item (workspace, status, due_on, number);

-- Reminders are facts: what, to whom, due when, claimed by whom until when, sent (or skipped, or cancelled) when.
-- A replica claims due reminders with one UPDATE over rows selected FOR UPDATE SKIP LOCKED, so two replicas
-- never claim the same row; a claim that expires (the replica died) can be taken over. subject_id is a review
-- id or an action item number; incident_id is 0 for the workspace digest.
CREATE TABLE reminder (
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace          text        NOT NULL,
    kind               text        NOT NULL,
    subject_id         bigint      NOT NULL,
    incident_id        bigint      NOT NULL,
    recipient_platform text        NOT NULL,
    recipient_id       text        NOT NULL,
    recipient_name     text        NOT NULL,
    due_at             timestamptz NOT NULL,
    revision           integer     NOT NULL,
    dedupe_key         text        NOT NULL,
    created_at         timestamptz NOT NULL,
    claimed_by         text,
    claimed_until      timestamptz,
    attempts           integer     NOT NULL DEFAULT 0,
    sent_at            timestamptz,
    late               boolean     NOT NULL DEFAULT false,
    skipped_at         timestamptz,
    cancelled_at       timestamptz,
    note               text,
    -- Scheduling the same reminder twice (two replicas, a retried command) stores it once.
    CONSTRAINT ux_reminder_dedupe UNIQUE (workspace, dedupe_key)
);

-- The reminder job's scan: pending reminders by due time.
CREATE INDEX ix_reminder_pending ON reminder (due_at, id) WHERE sent_at IS NULL AND skipped_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX ix_reminder_subject ON reminder (workspace, subject_id, kind);

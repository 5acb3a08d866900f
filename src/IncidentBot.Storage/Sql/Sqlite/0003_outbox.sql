-- The durable outbound queue (IOutbox) and the ledger of processed inbound deliveries (IDeliveryLedger).
-- Same conventions as 0001_initial.sql: instants are ISO-8601 text in UTC, fixed width, so comparing the text
-- compares the instants.

-- Every message the bot posts outside an HTTP response. Delivery is in order per (platform, channel_id): only a
-- channel's oldest message that is neither delivered nor failed can be claimed, by one claimant at a time, until
-- claimed_until (a lease: a claimant that dies releases its claim when the lease ends).
CREATE TABLE outbox_message (
    id              INTEGER NOT NULL PRIMARY KEY,
    workspace       TEXT    NOT NULL,
    platform        TEXT    NOT NULL,
    channel_id      TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    dedupe_key      TEXT,
    created_at      TEXT    NOT NULL,
    next_attempt_at TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    claimed_by      TEXT,
    claimed_until   TEXT,
    delivered_at    TEXT,
    failed_at       TEXT,
    last_error      TEXT,
    -- Enqueueing with a known key is idempotent; messages without a key (NULL) never collide.
    CONSTRAINT ux_outbox_message_dedupe UNIQUE (workspace, dedupe_key)
) STRICT;

-- Finds each channel's head and what is due, looking only at messages still waiting.
CREATE INDEX ix_outbox_message_pending ON outbox_message (platform, channel_id, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL;

CREATE INDEX ix_outbox_message_workspace ON outbox_message (workspace, id) WHERE delivered_at IS NULL;

CREATE INDEX ix_outbox_message_delivered ON outbox_message (delivered_at) WHERE delivered_at IS NOT NULL;

-- One row per inbound delivery id being processed ('processing', held by owner until lease_until) or processed
-- ('done'). A failed processing deletes its row, so the platform's retry processes the delivery again.
CREATE TABLE inbound_delivery (
    workspace    TEXT NOT NULL,
    delivery_id  TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('processing', 'done')),
    owner        TEXT NOT NULL,
    lease_until  TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    completed_at TEXT,
    PRIMARY KEY (workspace, delivery_id)
) STRICT;

CREATE INDEX ix_inbound_delivery_started ON inbound_delivery (started_at);

-- The durable outbound queue (IOutbox) and the ledger of processed inbound deliveries (IDeliveryLedger).
-- The same tables as Sql/Sqlite/0003_outbox.sql; instants are timestamptz.

-- Every message the bot posts outside an HTTP response. Delivery is in order per (platform, channel_id): only a
-- channel's oldest message that is neither delivered nor failed can be claimed, by one claimant at a time, until
-- claimed_until (a lease: a claimant that dies releases its claim when the lease ends). Claims lock the rows they
-- take (FOR UPDATE SKIP LOCKED), so replicas claiming at once never take the same message.
CREATE TABLE outbox_message (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace       text        NOT NULL,
    platform        text        NOT NULL,
    channel_id      text        NOT NULL,
    kind            text        NOT NULL,
    payload         text        NOT NULL,
    dedupe_key      text,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    claimed_by      text,
    claimed_until   timestamptz,
    delivered_at    timestamptz,
    failed_at       timestamptz,
    last_error      text,
    -- Enqueueing with a known key is idempotent; messages without a key (NULL) never collide.
    CONSTRAINT ux_outbox_message_dedupe UNIQUE (workspace, dedupe_key)
);

-- Finds each channel's head and what is due, looking only at messages still waiting.
CREATE INDEX ix_outbox_message_pending ON outbox_message (platform, channel_id, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL;

CREATE INDEX ix_outbox_message_workspace ON outbox_message (workspace, id) WHERE delivered_at IS NULL;

CREATE INDEX ix_outbox_message_delivered ON outbox_message (delivered_at) WHERE delivered_at IS NOT NULL;

-- One row per inbound delivery id being processed ('processing', held by owner until lease_until) or processed
-- ('done'). A failed processing deletes its row, so the platform's retry processes the delivery again.
CREATE TABLE inbound_delivery (
    workspace    text        NOT NULL,
    delivery_id  text        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('processing', 'done')),
    owner        text        NOT NULL,
    lease_until  timestamptz NOT NULL,
    started_at   timestamptz NOT NULL,
    completed_at timestamptz,
    PRIMARY KEY (workspace, delivery_id)
);

CREATE INDEX ix_inbound_delivery_started ON inbound_delivery (started_at);

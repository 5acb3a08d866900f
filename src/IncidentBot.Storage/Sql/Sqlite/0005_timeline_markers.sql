-- Why a captured message is on the key timeline: its pin (one per message, holder_id '') and each person's
-- timeline reaction (holder_id = that person). The message's Pinned entry shows while at least one marker is present.
-- A removed marker keeps its row (present = 0) with the time of its last change, so that changes delivered out of
-- order take effect in the order they happened (a late add older than its removal is ignored).
-- Same conventions as 0001: instants are ISO-8601 text in UTC, every row carries `workspace`.
CREATE TABLE timeline_marker (
    workspace  TEXT    NOT NULL,
    source_id  TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('Pin', 'Reaction')),
    holder_id  TEXT    NOT NULL,
    by_id      TEXT    NOT NULL,
    by_name    TEXT    NOT NULL,
    present    INTEGER NOT NULL CHECK (present IN (0, 1)),
    changed_at TEXT    NOT NULL,
    PRIMARY KEY (workspace, source_id, kind, holder_id),
    CHECK ((kind = 'Pin') = (holder_id = ''))
) STRICT;

-- Entries promoted before markers were recorded cannot say whether a pin or a reaction put them there: they count as
-- pinned, so they stay until the message is unpinned (or deleted) rather than going when an unrelated reaction does.
INSERT INTO timeline_marker (workspace, source_id, kind, holder_id, by_id, by_name, present, changed_at)
SELECT workspace, source_id, 'Pin', '', '', '', 1, recorded_at
FROM timeline_event
WHERE kind = 'Pinned' AND source_id IS NOT NULL AND withdrawn_at IS NULL;

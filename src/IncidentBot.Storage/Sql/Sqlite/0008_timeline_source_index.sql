-- One index on (workspace, source_id, kind) both keeps a source's entry of each kind unique (what
-- ON CONFLICT (workspace, kind, source_id) names: the same columns) and serves lookups by source of any kind,
-- so every timeline write updates three B-trees instead of four. Every query by kind also names the source.
CREATE UNIQUE INDEX ux_timeline_event_source_kind ON timeline_event (workspace, source_id, kind);
DROP INDEX ux_timeline_event_source;
DROP INDEX ix_timeline_event_any_kind_source;

-- A mission's own disruption-tolerance recency (TAK's per-mission <mission name recencySeconds>): NULL uses
-- TAKFED_MISSION_RECENCY_SECONDS, -1 replays all of its changes after a peer's cursor.
ALTER TABLE mission ADD COLUMN recency_seconds BIGINT;

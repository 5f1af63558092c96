-- Reconnect state of outbound peers, persisted so a restart keeps it (TAK's semantics, spec 7.1):
-- reconnect_interval seconds (NULL: OTS_FEDERATION_RETRY_INTERVAL; 0: never reconnect), max_retries
-- (-1: unlimited), retry_count (reset only when the peer is disabled), next_attempt_at, and the fallback
-- peer enabled once retries run out.
ALTER TABLE federation_server ADD COLUMN reconnect_interval INTEGER;
ALTER TABLE federation_server ADD COLUMN max_retries INTEGER DEFAULT -1 NOT NULL;
ALTER TABLE federation_server ADD COLUMN retry_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE federation_server ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE federation_server ADD COLUMN fallback_server_id BIGINT;

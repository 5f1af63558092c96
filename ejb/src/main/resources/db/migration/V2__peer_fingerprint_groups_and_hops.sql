-- Federation v2 routing: a peer is identified by its certificate fingerprint (SHA-256, uppercase, colon
-- separated); its inbound and outbound groups (JSON arrays; empty means it exchanges nothing) and its hop
-- limit (-1: unlimited) decide what it receives.
ALTER TABLE federation_server ADD COLUMN fingerprint VARCHAR(95);
ALTER TABLE federation_server ADD COLUMN inbound_groups VARCHAR(65536) DEFAULT '[]' NOT NULL;
ALTER TABLE federation_server ADD COLUMN outbound_groups VARCHAR(65536) DEFAULT '[]' NOT NULL;
ALTER TABLE federation_server ADD COLUMN max_hops INTEGER DEFAULT -1 NOT NULL;
CREATE UNIQUE INDEX uq_federation_server_fingerprint ON federation_server (fingerprint);

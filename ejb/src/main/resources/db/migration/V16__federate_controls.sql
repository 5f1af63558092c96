-- TAK Server 5.7's per-federate controls (issue 20, spec 1, 2.3, 6.2, 7.3): group mapping, per-group hop limits,
-- per-mission federation and alert sharing, each with TAK's default; the groups a peer advertised, as JSON.
ALTER TABLE federation_server ADD COLUMN federated_group_mapping BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE federation_server ADD COLUMN inbound_group_mapping VARCHAR(65536) DEFAULT '{}' NOT NULL;
ALTER TABLE federation_server ADD COLUMN automatic_group_mapping BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE federation_server ADD COLUMN fallback_when_no_group_mappings BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE federation_server ADD COLUMN use_group_hop_limiting BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE federation_server ADD COLUMN outbound_group_hop_limits VARCHAR(65536) DEFAULT '{}' NOT NULL;
ALTER TABLE federation_server ADD COLUMN mission_federate_default BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE federation_server ADD COLUMN mission_federation VARCHAR(262144) DEFAULT '{}' NOT NULL;
ALTER TABLE federation_server ADD COLUMN share_alerts BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE federation_server ADD COLUMN remote_groups VARCHAR(65536) DEFAULT '[]' NOT NULL;

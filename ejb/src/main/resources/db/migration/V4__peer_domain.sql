-- A peer's domain (issue 5): an outbound peer may be given by domain alone, its address found by DNS SRV;
-- an inbound peer with a domain must present a certificate naming one of that domain's SRV targets.
-- The address becomes optional for a peer with a domain.
ALTER TABLE federation_server ADD COLUMN domain VARCHAR(253);
ALTER TABLE federation_server ALTER COLUMN address DROP NOT NULL;

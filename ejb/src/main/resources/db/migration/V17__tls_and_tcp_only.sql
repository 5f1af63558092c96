-- Federation is mutual TLS over TCP only (issue 21): the API now refuses use_tls false and udp/multicast. Every
-- link already spoke TLS over TCP whatever these said, so the stored values are made to say what happened.
UPDATE federation_server SET use_tls = TRUE WHERE use_tls = FALSE;
UPDATE federation_server SET transport_protocol = 'tcp' WHERE transport_protocol <> 'tcp';

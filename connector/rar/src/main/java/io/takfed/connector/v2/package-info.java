/** Federation v2: the gRPC FederatedChannel server with TAK's session, health and liveness semantics. */
package io.takfed.connector.v2;

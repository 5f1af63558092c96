/** Federation v1 (port 9000): length-prefixed FederatedEvent frames over mutual TLS, in both roles, on the shared relay. */
package io.takfed.connector.v1;

/** One-shot connection tests: DNS, TCP and TLS on a fresh socket, each failure labelled and explained. */
package io.takfed.connector.transport.probe;

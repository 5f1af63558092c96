/** The federation TLS identity (configured or development PKI) and the TLS 1.2+/AEAD-only contexts built from it. */
package io.takfed.connector.transport.tls;

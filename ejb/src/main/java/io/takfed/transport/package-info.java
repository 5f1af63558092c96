/** The domain's window onto the resource adapter: status and connection tests through the connection factory. */
package io.takfed.transport;

/** The outbound side of the adapter: the connection factory the application uses to reach the transport. */
package io.takfed.connector.ra.outbound;

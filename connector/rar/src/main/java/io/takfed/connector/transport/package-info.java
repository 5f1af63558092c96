/** Netty event loops and what runs on them; no JPA, no container types beyond what a RAR must see. */
package io.takfed.connector.transport;

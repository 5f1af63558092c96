/** Federation peers (the seed document's federation servers): their persistence, validation and administration. */
package io.takfed.peers;

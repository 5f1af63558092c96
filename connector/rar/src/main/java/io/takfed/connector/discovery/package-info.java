/** SRV discovery of federation peers by domain, with TTL-bounded caching and labelled failures. */
package io.takfed.connector.discovery;

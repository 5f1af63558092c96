/** What the EJB tier sees of the resource adapter: connection-factory interfaces and JDK-typed value records. */
package io.takfed.connector.api;

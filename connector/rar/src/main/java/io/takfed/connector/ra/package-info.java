/** The resource adapter's lifecycle: start builds the transport runtime, stop tears it down synchronously. */
package io.takfed.connector.ra;

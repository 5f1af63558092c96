/** The routing policy the domain pushes to the transport: approved peers, their groups and hop limits. */
package io.takfed.connector.api.routing;

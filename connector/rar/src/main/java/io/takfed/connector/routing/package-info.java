/** Who receives what: group intersection, no echo, provenance and hop limits, decided from a policy table the domain pushes. */
package io.takfed.connector.routing;

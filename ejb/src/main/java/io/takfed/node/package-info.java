/** This node's identity: the node id that every federate sees, stable across restarts. */
package io.takfed.node;

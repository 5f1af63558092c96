/** The data directory's master key and the authenticated encryption of secrets at rest. */
package io.takfed.secrets;

/** The /api/federation/servers resource: CRUD, status and connection tests, in the seed document's JSON. */
package io.takfed.api.servers;

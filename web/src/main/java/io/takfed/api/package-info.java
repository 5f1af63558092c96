/** The admin REST API under /api, OpenTAKServer-compatible in paths and JSON. */
package io.takfed.api;

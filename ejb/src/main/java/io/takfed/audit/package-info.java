/** The audit trail: an append-only record of who changed federation and what the server admitted by itself. */
package io.takfed.audit;

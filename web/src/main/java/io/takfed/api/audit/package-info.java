/** {@code /api/audit}: the audit trail, newest first, for administrators. */
package io.takfed.api.audit;

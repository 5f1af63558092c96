/** {@code /api/missions}: local mission administration and the change log federation delivers from. */
package io.takfed.api.missions;

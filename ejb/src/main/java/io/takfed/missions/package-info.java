/** Missions, their content and files, and the one change log that federation delivers from. */
package io.takfed.missions;

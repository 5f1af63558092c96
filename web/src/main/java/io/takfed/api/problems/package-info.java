/** One mapping from every failure to an HTTP status, a stable label and a problem body. */
package io.takfed.api.problems;

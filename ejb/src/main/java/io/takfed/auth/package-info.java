/** Bearer-token authentication for the admin API: tokens are random, stored only as hashes, and carry one role. */
package io.takfed.auth;

/** Schema migrations: the database schema is owned by versioned Flyway scripts, applied before anything else runs. */
package io.takfed.persistence;

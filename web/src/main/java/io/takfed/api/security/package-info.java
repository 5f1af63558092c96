/** Bearer-token authentication and role checks for every API route. */
package io.takfed.api.security;

package io.takfed.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles allowed on a resource class or method, checked by {@link RoleAuthorizationFeature} against the
 * bearer token's role. Our own annotation on purpose: the server enforces {@code @RolesAllowed} itself with
 * container security, which knows nothing of API tokens.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {
    String[] value();
}

package io.takfed.missions.rol;

/** A program that is not ROL: counted and ignored by receivers, never fatal to a link. */
public final class RolSyntaxException extends Exception {

    RolSyntaxException(String message) {
        super(message);
    }
}

package io.takfed.missions;

/** What receiving a change did; everything but {@code APPLIED} leaves the missions as they were. */
public record ApplyOutcome(Kind kind, String detail) {

    /** The closed set of outcomes, each counted per peer. */
    public enum Kind {
        /** Applied, and logged (so a hub passes it on). */
        APPLIED,
        /** This change was applied before: nothing done again. */
        DUPLICATE,
        /** Not ROL, or ROL takfed does not act on: counted, never fatal. */
        IGNORED,
        /** A delete or content removal while federated deletes are off. */
        DELETE_REFUSED,
        /** A field out of bounds (too long, control characters, a path for a file name): refused alone. */
        REFUSED
    }

    static ApplyOutcome of(Kind kind, String detail) {
        return new ApplyOutcome(kind, detail);
    }
}

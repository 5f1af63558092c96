package io.takfed.peers;

/**
 * One rejected field: its API name, a stable label clients can switch on, and a sentence for people.
 * Messages never quote the submitted value, which may be a private key.
 */
public record FieldError(String field, String label, String message) {
}

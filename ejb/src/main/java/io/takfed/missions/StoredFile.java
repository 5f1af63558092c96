package io.takfed.missions;

/** A file upload's outcome: the file's SHA-256 (stored once, whoever uploads it again) and the content change. */
public record StoredFile(String hash, ContentChange change) {
}

package io.takfed.peers;

/**
 * Mission-change delivery statistics for one peer, derived from the change log and the peer's cursor.
 * Until the change log exists there are no changes, so every count is truly zero.
 */
public record SyncStats(long totalChanges, long sentChanges, long pendingChanges, long failedChanges) {

    /** FUTUREWORK: derive from the change log and cursor once durable mission federation lands. */
    public static SyncStats noChangeLogYet() {
        return new SyncStats(0, 0, 0, 0);
    }
}

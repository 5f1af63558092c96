package io.takfed.peers;

/** Mission-change delivery statistics for one peer, derived from the change log and the peer's cursor. */
public record SyncStats(long totalChanges, long sentChanges, long pendingChanges, long failedChanges) {
}

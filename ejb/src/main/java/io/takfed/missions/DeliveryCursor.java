package io.takfed.missions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Where mission delivery to one peer stands; absent means nothing delivered yet. */
@Entity
@Table(name = "delivery_cursor")
public class DeliveryCursor {

    @Id
    @Column(name = "peer_id")
    private Long peerId;

    @Column(name = "delivered_seq", nullable = false)
    private long deliveredSeq;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "interval_seconds", nullable = false)
    private int intervalSeconds;

    @Column(name = "last_error", length = 64)
    private String lastError;

    @Column(name = "disconnected_at")
    private Instant disconnectedAt;

    protected DeliveryCursor() {
    }

    public DeliveryCursor(long peerId) {
        this.peerId = peerId;
    }

    public long getPeerId() {
        return peerId;
    }

    public long getDeliveredSeq() {
        return deliveredSeq;
    }

    public void setDeliveredSeq(long deliveredSeq) {
        this.deliveredSeq = deliveredSeq;
    }

    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public void setConsecutiveFailures(int consecutiveFailures) {
        this.consecutiveFailures = consecutiveFailures;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public void setNextAttemptAt(Instant nextAttemptAt) {
        this.nextAttemptAt = nextAttemptAt;
    }

    /** Whether delivery waits at {@code now} for the next attempt after a failure. */
    public boolean waitingToRetry(Instant now) {
        return nextAttemptAt != null && now.isBefore(nextAttemptAt);
    }

    public int getIntervalSeconds() {
        return intervalSeconds;
    }

    public void setIntervalSeconds(int intervalSeconds) {
        this.intervalSeconds = intervalSeconds;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    public Instant getDisconnectedAt() {
        return disconnectedAt;
    }

    public void setDisconnectedAt(Instant disconnectedAt) {
        this.disconnectedAt = disconnectedAt;
    }
}

package io.takfed.missions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A change that kept failing for one peer: held out of its delivery until re-driven. */
@Entity
@Table(name = "mission_dead_letter")
public class DeadLetter {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "peer_id", nullable = false)
    private long peerId;

    @Column(nullable = false)
    private long seq;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "last_error", nullable = false, length = 64)
    private String lastError;

    @Column(name = "failed_at", nullable = false)
    private Instant failedAt;

    protected DeadLetter() {
    }

    public DeadLetter(long peerId, long seq, int attempts, String lastError, Instant failedAt) {
        this.peerId = peerId;
        this.seq = seq;
        this.attempts = attempts;
        this.lastError = lastError;
        this.failedAt = failedAt;
    }

    public long getPeerId() {
        return peerId;
    }

    public long getSeq() {
        return seq;
    }

    public int getAttempts() {
        return attempts;
    }

    public String getLastError() {
        return lastError;
    }

    public Instant getFailedAt() {
        return failedAt;
    }
}

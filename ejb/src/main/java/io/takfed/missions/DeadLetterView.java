package io.takfed.missions;

import java.time.Instant;

/** A dead letter as the API shows it, with the change it holds back. */
public record DeadLetterView(long seq, String changeType, String missionName, int attempts, String lastError,
                             Instant failedAt) {
}

package io.takfed.system;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: H2 on disk in the data directory survives a restart with everything in it. */
class RestartIT {

    @TempDir
    Path work;

    @Test
    void embeddedH2KeepsEverythingAcrossARestart() throws Exception {
        try (TakfedProcess takfed = new TakfedProcess("restart-h2", work.resolve("data"), Map.of()).start()) {
            RestartContract.peersNodeIdTokenAndIdentitySurviveARestart(takfed);
        }
    }
}

package io.takfed.system;

import io.takfed.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Two takfed processes set up to federate as two operators would: Y (node {@code node-y}) first, then X (node
 * {@code node-x}) trusting Y's development CA, since Y dials X, and, when asked, the federates' CA
 * ({@link Peers#PEER_CA}) too. Closing stops X, then Y.
 */
record FederatedPair(TakfedProcess x, TakfedProcess y) implements AutoCloseable {

    /** Y and X with their process names, each with its environment beside the node id and X's trust. */
    static FederatedPair start(Path work, String xName, Map<String, String> xEnvironment, String yName,
                               Map<String, String> yEnvironment, boolean xTrustsFederates)
            throws IOException, InterruptedException {
        TakfedProcess y = new TakfedProcess(yName, work.resolve("y"), with(yEnvironment, "OTS_NODE_ID", "node-y"))
                .start();
        try {
            String trust = Files.readString(y.dataDirectory().resolve("pki/ca.pem"))
                    + (xTrustsFederates ? Pem.write(Peers.PEER_CA.certificate()) : "");
            Path xTrust = Files.writeString(work.resolve("x-trust.pem"), trust);
            Map<String, String> xEnv = with(with(xEnvironment, "OTS_NODE_ID", "node-x"), "OTS_FEDERATION_CA_FILE",
                    xTrust.toString());
            return new FederatedPair(new TakfedProcess(xName, work.resolve("x"), xEnv).start(), y);
        } catch (IOException | InterruptedException | RuntimeException e) {
            y.close();
            throw e;
        }
    }

    /** Y and X with nothing in their environment beyond the node ids and X's trust. */
    static FederatedPair start(Path work, String xName, String yName, boolean xTrustsFederates)
            throws IOException, InterruptedException {
        return start(work, xName, Map.of(), yName, Map.of(), xTrustsFederates);
    }

    Api apiX() throws IOException {
        return new Api(x.base(), x.adminToken());
    }

    Api apiY() throws IOException {
        return new Api(y.base(), y.adminToken());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            x.close();
        } finally {
            y.close();
        }
    }

    private static Map<String, String> with(Map<String, String> environment, String key, String value) {
        Map<String, String> more = new HashMap<>(environment);
        more.put(key, value);
        return more;
    }
}

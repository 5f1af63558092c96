package io.takfed.connector.api;

import java.io.Serializable;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Dial one outbound federation peer and keep the session up until it fails or is hung up.
 *
 * @param peerId               the peer's id in the domain; links are keyed by it
 * @param nodeId               our node id, announced as our server id
 * @param expectedFingerprint  the peer certificate's fingerprint if already known; another certificate fails
 * @param clientChain          our certificate chain for this peer; empty to present the server's own identity
 * @param protocol             {@code v1} or {@code v2}
 * @param domain               with a null {@code host}, the domain whose SRV records name the targets, in order
 */
public record DialRequest(long peerId, String nodeId, String host, int port, boolean verifyHostname,
                          List<X509Certificate> trustAnchors, List<X509Certificate> clientChain,
                          PrivateKey clientKey, String expectedFingerprint, String protocol, String domain)
        implements Serializable {

    public static final String V1 = "v1";
    public static final String V2 = "v2";

    /** A dial of a known address. */
    public DialRequest(long peerId, String nodeId, String host, int port, boolean verifyHostname,
                       List<X509Certificate> trustAnchors, List<X509Certificate> clientChain, PrivateKey clientKey,
                       String expectedFingerprint, String protocol) {
        this(peerId, nodeId, host, port, verifyHostname, trustAnchors, clientChain, clientKey, expectedFingerprint,
                protocol, null);
    }

    /** The same dial aimed at one discovered target. */
    public DialRequest at(String targetHost, int targetPort) {
        return new DialRequest(peerId, nodeId, targetHost, targetPort, verifyHostname, trustAnchors, clientChain,
                clientKey, expectedFingerprint, protocol, domain);
    }

    /** Whether the targets come from SRV discovery rather than a configured address. */
    public boolean discovered() {
        return host == null;
    }

    public DialRequest {
        if (host == null && domain == null) {
            throw new IllegalArgumentException("a dial needs a host or a domain");
        }
        if (!V1.equals(protocol) && !V2.equals(protocol)) {
            throw new IllegalArgumentException("protocol must be v1 or v2, not " + protocol);
        }
        trustAnchors = List.copyOf(trustAnchors);
        clientChain = List.copyOf(clientChain);
        if (clientChain.isEmpty() != (clientKey == null)) {
            throw new IllegalArgumentException("a client chain and its key come together");
        }
    }

    @Override
    public String toString() {
        return "DialRequest[" + peerId + " " + protocol + " " + (host == null ? "SRV " + domain : host + ":" + port)
                + "]";
    }
}

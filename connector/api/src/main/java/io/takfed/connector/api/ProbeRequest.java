package io.takfed.connector.api;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to probe and with which material.
 *
 * @param host            the peer's host name or IP address
 * @param port            the peer's federation port
 * @param useTls          false connects TCP only and never passes: federation is mutual TLS only
 * @param verifyHostname  check the peer certificate's SAN against {@code host}; the chain is always verified
 * @param trustAnchors    CA certificates trusted for this peer, in addition to the federation truststore
 * @param clientChain     certificate chain to present; empty to present the server's own identity
 * @param clientKey       private key for {@code clientChain}; null when the chain is empty
 * @param timeout         bound on each stage
 * @param expectedFingerprint  the certificate pinned for the peer, or null: another one fails the identity stage
 * @param domain          with a null {@code host}: the domain whose first SRV target is probed
 * @param protocol        {@code v1} or {@code v2}: the SRV service a domain is asked for, and the protocol the
 *                        protocol stage speaks; null stops the probe after the identity stage
 * @param refusal         why our own policy would not admit the peer (the authorization stage), or null
 * @param linkUp          a link to the peer is up right now: on v1, where a peer keeps one link per federate and
 *                        closes a second one, that live link is what proves the protocol stage
 */
public record ProbeRequest(String host, int port, boolean useTls, boolean verifyHostname,
                           List<X509Certificate> trustAnchors, List<X509Certificate> clientChain,
                           PrivateKey clientKey, Duration timeout, String expectedFingerprint, String domain,
                           String protocol, Refusal refusal, boolean linkUp) {

    /** A failure our policy would give the peer, with what to do about it. */
    public record Refusal(FederationFailure failure, String detail) {
    }

    /** A probe through the protocol stage, with nothing refused by our policy. */
    public ProbeRequest(String host, int port, boolean useTls, boolean verifyHostname,
                        List<X509Certificate> trustAnchors, List<X509Certificate> clientChain, PrivateKey clientKey,
                        Duration timeout, String expectedFingerprint, String domain, String protocol) {
        this(host, port, useTls, verifyHostname, trustAnchors, clientChain, clientKey, timeout, expectedFingerprint,
                domain, protocol, null, false);
    }

    /** A probe of a known address. */
    public ProbeRequest(String host, int port, boolean useTls, boolean verifyHostname,
                        List<X509Certificate> trustAnchors, List<X509Certificate> clientChain, PrivateKey clientKey,
                        Duration timeout, String expectedFingerprint) {
        this(host, port, useTls, verifyHostname, trustAnchors, clientChain, clientKey, timeout, expectedFingerprint,
                null, null, null, false);
        Objects.requireNonNull(host, "host");
    }

    /** The same probe aimed at one discovered target. */
    public ProbeRequest at(String targetHost, int targetPort) {
        return new ProbeRequest(targetHost, targetPort, useTls, verifyHostname, trustAnchors, clientChain, clientKey,
                timeout, expectedFingerprint, domain, protocol, refusal, linkUp);
    }

    /** A probe of a peer with no pinned certificate. */
    public ProbeRequest(String host, int port, boolean useTls, boolean verifyHostname,
                        List<X509Certificate> trustAnchors, List<X509Certificate> clientChain, PrivateKey clientKey,
                        Duration timeout) {
        this(host, port, useTls, verifyHostname, trustAnchors, clientChain, clientKey, timeout, null);
    }

    public ProbeRequest {
        if (host == null && domain == null) {
            throw new IllegalArgumentException("a probe needs a host or a domain");
        }
        trustAnchors = List.copyOf(trustAnchors);
        clientChain = List.copyOf(clientChain);
        if (clientChain.isEmpty() != (clientKey == null)) {
            throw new IllegalArgumentException("a client chain and its key come together");
        }
        Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String toString() {
        // Never let the key reach a log line through a record's generated toString.
        return "ProbeRequest[" + (host == null ? "SRV " + domain : host + ":" + port) + ", tls=" + useTls + ", verifyHostname=" + verifyHostname
                + ", anchors=" + trustAnchors.size() + ", clientChain=" + clientChain.size() + "]";
    }
}

package io.takfed.connector.transport.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS contexts for federation: TLS 1.2 and 1.3 only, ECDHE with AEAD suites only, and mutual
 * authentication always. The JDK provider is used on purpose: it is what both TAK Server and the benchmarks'
 * baseline run, and it needs no native library inside the application server.
 */
public final class FederationTls {

    /** AEAD only: TLS 1.3 suites, then ECDHE with GCM or ChaCha20-Poly1305 for TLS 1.2. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final List<String> protocols;

    public FederationTls(List<String> protocols) {
        this.protocols = List.copyOf(protocols);
    }

    public List<String> protocols() {
        return protocols;
    }

    /** A fixed identity's server side (benchmarks, tests). */
    public SslContext server(FederationIdentity identity) throws SSLException {
        return server(LiveIdentity.of(identity));
    }

    /** The server side of a federation listener: client certificates required and verified. */
    public SslContext server(LiveIdentity identity) throws SSLException {
        return SslContextBuilder.forServer(identity.keyManagerFactory())
                .sslProvider(SslProvider.JDK)
                .trustManager(identity.trustManagerFactory())
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(protocols)
                .ciphers(CIPHER_SUITES)
                .build();
    }

    /**
     * The client side of a dial-out: presents {@code chain} and verifies the peer with {@code trust}. The chain is
     * always verified; {@code verifyHostname} adds the SAN check against the dialled name.
     */
    public SslContext client(PrivateKey key, List<X509Certificate> chain, TrustManagerFactory trust,
                             boolean verifyHostname) throws SSLException {
        return client(key, chain, trust, verifyHostname, List.of());
    }

    /** The client side of a v2 (gRPC) channel: HTTP/2 over ALPN, the same floor and suites. */
    public SslContext grpcClient(PrivateKey key, List<X509Certificate> chain, TrustManagerFactory trust,
                                 boolean verifyHostname) throws SSLException {
        return io.grpc.netty.GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(key, chain.toArray(X509Certificate[]::new))
                .trustManager(trust)
                .endpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null)
                .protocols(protocols)
                .ciphers(CIPHER_SUITES)
                .build();
    }

    /** The same, offering {@code alpn} application protocols (v2 needs {@code h2}); none when empty. */
    public SslContext client(PrivateKey key, List<X509Certificate> chain, TrustManagerFactory trust,
                             boolean verifyHostname, List<String> alpn) throws SSLException {
        return SslContextBuilder.forClient()
                .applicationProtocolConfig(alpn.isEmpty() ? null : new io.netty.handler.ssl.ApplicationProtocolConfig(
                        io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                        io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn))
                .sslProvider(SslProvider.JDK)
                // Netty 4.2 verifies host names by default; federation makes it the peer's verify_ssl choice.
                .endpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null)
                .keyManager(key, chain.toArray(X509Certificate[]::new))
                .trustManager(trust)
                .protocols(protocols)
                .ciphers(CIPHER_SUITES)
                .build();
    }
}

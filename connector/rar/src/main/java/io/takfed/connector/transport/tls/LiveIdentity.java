package io.takfed.connector.transport.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The federation identity as it is now. TLS contexts are built once over this object's key and trust managers,
 * which read the current material on every handshake: replacing it takes effect for the next connection and
 * leaves the connections already up alone.
 */
public final class LiveIdentity {

    private static final String ALIAS = "federation";

    private final AtomicReference<State> state;

    /** The identity with the PKIX trust built from its anchors and its CA's fingerprint, swapped together. */
    private record State(FederationIdentity identity, X509ExtendedTrustManager trust, String caFingerprint) {
        static State of(FederationIdentity identity) {
            return new State(identity, RecordingTrustManager.pkix(identity.trusted()), identity.caFingerprint());
        }
    }

    private LiveIdentity(FederationIdentity identity) {
        this.state = new AtomicReference<>(State.of(identity));
    }

    public static LiveIdentity of(FederationIdentity identity) {
        return new LiveIdentity(identity);
    }

    public FederationIdentity current() {
        return state.get().identity();
    }

    /** The fingerprint of the CA that issued the current certificate, worked out once per identity. */
    public String caFingerprint() {
        return state.get().caFingerprint();
    }

    public void replace(FederationIdentity next) {
        state.set(State.of(next));
    }

    /** Presents the current key and chain. */
    public KeyManagerFactory keyManagerFactory() {
        return ManagerFactories.keys(new CurrentKey());
    }

    /** Verifies peers against the current anchors. */
    public TrustManagerFactory trustManagerFactory() {
        return ManagerFactories.trust(new CurrentTrust());
    }

    /** JSSE asks per key type ("EC", "RSA", "RSASSA-PSS"); offering the alias for another type breaks the handshake. */
    private String aliasFor(String keyType) {
        String algorithm = current().key().getAlgorithm();
        boolean ec = "EC".equals(algorithm) || "ECDSA".equals(algorithm);
        boolean matches = ec ? "EC".equals(keyType) || "ECDSA".equals(keyType)
                : "RSA".equals(algorithm) && ("RSA".equals(keyType) || "RSASSA-PSS".equals(keyType));
        return matches || keyType == null ? ALIAS : null;
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes == null) {
            return ALIAS;
        }
        for (String keyType : keyTypes) {
            if (aliasFor(keyType) != null) {
                return ALIAS;
            }
        }
        return null;
    }

    private final class CurrentKey extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return aliasFor(keyTypes);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyTypes);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? current().chain().toArray(X509Certificate[]::new) : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? current().key() : null;
        }
    }

    private final class CurrentTrust extends X509ExtendedTrustManager {
        private X509ExtendedTrustManager trust() {
            return state.get().trust();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trust().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trust().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trust().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trust().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust().checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust().getAcceptedIssuers();
        }
    }
}

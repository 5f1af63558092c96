package io.takfed.connector.transport.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * PKIX trust over an explicit set of anchors that also remembers the chain the peer presented, so that a
 * failed handshake can still tell the operator whose certificate was refused.
 */
public final class RecordingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private volatile List<X509Certificate> presented = List.of();

    public RecordingTrustManager(Collection<X509Certificate> anchors) {
        this.delegate = pkix(anchors);
    }

    /** Plain PKIX over exactly these anchors. */
    static X509ExtendedTrustManager pkix(Collection<X509Certificate> anchors) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate anchor : anchors) {
                store.setCertificateEntry("anchor-" + i++, anchor);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        } catch (KeyStoreException | NoSuchAlgorithmException | CertificateException | java.io.IOException e) {
            throw new IllegalStateException("an in-memory PKIX trust manager cannot fail to build", e);
        }
    }

    public List<X509Certificate> presented() {
        return presented;
    }

    /** This trust manager wrapped as the factory Netty's builder takes. */
    public TrustManagerFactory asFactory() {
        return ManagerFactories.trust(this);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        presented = List.of(chain);
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        presented = List.of(chain);
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        presented = List.of(chain);
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        presented = List.of(chain);
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        presented = List.of(chain);
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        presented = List.of(chain);
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}

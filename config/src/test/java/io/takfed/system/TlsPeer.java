package io.takfed.system;

import io.takfed.pki.DevelopmentPki;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A federation peer's TLS listener on loopback: mutual TLS, trusting the given CAs, holding each accepted
 * connection open the way a TAK server does.
 */
final class TlsPeer implements AutoCloseable {

    private final SSLServerSocket server;
    private final List<SSLSocket> accepted = new CopyOnWriteArrayList<>();
    private final List<X509Certificate> clientChains = new CopyOnWriteArrayList<>();

    TlsPeer(DevelopmentPki.Issued identity, List<X509Certificate> trusted) throws Exception {
        char[] password = "peer".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("peer", identity.key(), password, identity.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.size(); i++) {
            trust.setCertificateEntry("ca" + i, trusted.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 16,
                InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        Thread acceptor = new Thread(this::acceptLoop, "tls-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                accepted.add(socket);
                try {
                    socket.startHandshake();
                    clientChains.add((X509Certificate) socket.getSession().getPeerCertificates()[0]);
                } catch (IOException rejected) {
                    socket.close();
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    int port() {
        return server.getLocalPort();
    }

    List<X509Certificate> clientCertificates() {
        return clientChains;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SSLSocket socket : accepted) {
            socket.close();
        }
    }
}

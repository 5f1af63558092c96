package io.takfed.connector.v1;

import io.takfed.pki.DevelopmentPki;
import io.takfed.wire.v2.FederatedEvent;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test federate that speaks v1 as TAK Server does (spec 5): mutual TLS presenting {@code [leaf, CA]}, then
 * 4-byte big-endian lengths and serialized FederatedEvents, in both directions, no handshake above TLS. Plain JDK
 * sockets on purpose: it shares no code with takfed's Netty pipeline, so it checks the wire, not our own codec.
 * It plays either role: {@link #dial} (TAK's outgoing) or {@link #listen} (TAK's server on port 9000).
 */
public final class TakLikeV1Peer implements AutoCloseable {

    public final BlockingQueue<FederatedEvent> received = new LinkedBlockingQueue<>();
    private final SSLContext context;
    private volatile SSLSocket socket;
    private volatile DataOutputStream out;
    private volatile SSLServerSocket server;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch connected = new CountDownLatch(1);

    public TakLikeV1Peer(DevelopmentPki.Issued identity, X509Certificate trustedCa) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("peer", identity.key(), new char[0], identity.chain().toArray(Certificate[]::new));
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trustedCa);
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(trust);
        context = SSLContext.getInstance("TLS");
        context.init(km.getKeyManagers(), tm.getTrustManagers(), null);
    }

    /** TAK's outgoing role: connect, handshake, then read frames on a thread of its own. */
    public TakLikeV1Peer dial(int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.startHandshake();
        start(s);
        return this;
    }

    /** TAK's server role: accept one federate on a loopback port; {@link #port()} tells which. */
    public TakLikeV1Peer listen() throws IOException {
        return listen(0);
    }

    /** As {@link #listen()}, on a given port (0: any free one). */
    public TakLikeV1Peer listen(int port) throws IOException {
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
        server.setNeedClientAuth(true);
        Thread acceptor = new Thread(() -> {
            try {
                SSLSocket s = (SSLSocket) server.accept();
                s.startHandshake();
                start(s);
            } catch (IOException e) {
                ended.countDown();
            }
        }, "tak-v1-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Waits until a federate dialled this listening peer. */
    public boolean awaitConnected(long seconds) throws InterruptedException {
        return connected.await(seconds, TimeUnit.SECONDS);
    }

    private void start(SSLSocket s) throws IOException {
        socket = s;
        out = new DataOutputStream(s.getOutputStream());
        connected.countDown();
        Thread reader = new Thread(() -> {
            try (DataInputStream in = new DataInputStream(s.getInputStream())) {
                while (true) {
                    int length = in.readInt();
                    byte[] frame = new byte[length];
                    in.readFully(frame);
                    received.add(FederatedEvent.parseFrom(frame));
                }
            } catch (EOFException | java.net.SocketException closed) {
                // The other side closed the link.
            } catch (IOException e) {
                // A broken link ends the peer the same way.
            } finally {
                ended.countDown();
            }
        }, "tak-v1-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public void send(FederatedEvent event) throws IOException {
        sendRaw(event.toByteArray());
    }

    /** One frame with any payload, valid or not. */
    public synchronized void sendRaw(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Any bytes at all, for frames whose length lies. */
    public synchronized void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** True once takfed closed the link (or it broke) within the wait. */
    public boolean awaitClosed(long seconds) throws InterruptedException {
        return ended.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }
}

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
 * It plays either role: {@link #dial} (TAK's outgoing) or {@link #listen} (TAK's server on port 9000). Where it
 * used to be kinder than TAK (spec 5), and is no longer:
 * <ul>
 *   <li>A frame that does not parse closes the connection at once, as TAK force-closes it; it only stopped reading.</li>
 *   <li>Writes never wait: TAK writes a frame only while its channel is writable and silently drops it otherwise, so
 *       past {@link #HIGH_WATER_MARK} bytes not yet taken by the socket a frame is dropped and counted in
 *       {@link #dropped}; a send used to block until the peer read.</li>
 *   <li>No frame limit on what it reads (any 31-bit length), no heartbeat, no idle timeout: as TAK, unchanged.</li>
 *   <li>Events are the test's, built as TAK 5.x encodes them (zero fields 4-8 left out; see TakEvents).</li>
 * </ul>
 */
public final class TakLikeV1Peer implements AutoCloseable {

    /** Netty's default write-buffer high-water mark, past which TAK's channel is not writable. */
    public static final int HIGH_WATER_MARK = 64 * 1024;
    public final BlockingQueue<FederatedEvent> received = new LinkedBlockingQueue<>();
    /** Frames dropped because the outbound buffer was past its high-water mark, as TAK drops them. */
    public final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.LinkedBlockingQueue<byte[]> writes = new LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicLong pendingBytes = new java.util.concurrent.atomic.AtomicLong();
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
                // A frame that does not parse: TAK force-closes the connection.
                closeQuietly(s);
            } finally {
                ended.countDown();
            }
        }, "tak-v1-reader");
        reader.setDaemon(true);
        reader.start();
        Thread writer = new Thread(() -> {
            try {
                while (!s.isClosed()) {
                    byte[] bytes = writes.take();
                    out.write(bytes);
                    out.flush();
                    pendingBytes.addAndGet(-bytes.length);
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(s);
            }
        }, "tak-v1-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private static void closeQuietly(SSLSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do.
        }
    }

    public void send(FederatedEvent event) throws IOException {
        sendRaw(event.toByteArray());
    }

    /** One frame with any payload, valid or not; dropped, as TAK drops it, while the channel is not writable. */
    public synchronized void sendRaw(byte[] payload) throws IOException {
        byte[] frame = java.nio.ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
        sendBytes(frame);
    }

    /** Any bytes at all, for frames whose length lies; subject to the same high-water mark. */
    public synchronized void sendBytes(byte[] bytes) throws IOException {
        if (pendingBytes.get() >= HIGH_WATER_MARK) {
            dropped.incrementAndGet();
            return;
        }
        pendingBytes.addAndGet(bytes.length);
        writes.add(bytes);
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

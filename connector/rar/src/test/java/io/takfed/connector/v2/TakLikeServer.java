package io.takfed.connector.v2;

import io.grpc.Server;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.takfed.pki.DevelopmentPki;
import io.takfed.wire.v2.ClientHealth;
import io.takfed.wire.v2.FederateGroups;
import io.takfed.wire.v2.FederatedChannelGrpc;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.ROL;
import io.takfed.wire.v2.ServerHealth;
import io.takfed.wire.v2.Subscription;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test server that behaves as TAK Server's v2 server does towards a federate that dials it (spec 3.5): SERVING
 * once on the groups stream, events to the client on ClientEventStream, the client's events taken on
 * ServerEventStream, HealthCheck answered SERVING and completed, ROL streams held or consumed. It shares no code
 * with takfed's server. {@link #goSilent()} makes it keep its connection and streams but answer no health check.
 */
public final class TakLikeServer implements AutoCloseable {

    public final BlockingQueue<FederatedEvent> received = new LinkedBlockingQueue<>();
    /** ROL messages the federate sent on ServerROLStream (counted only: the benchmarks' sink). */
    public final java.util.concurrent.atomic.AtomicLong rolReceived = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean silent = new AtomicBoolean();
    /** Health checks received, answered or not. */
    public final java.util.concurrent.atomic.AtomicInteger healthChecks = new java.util.concurrent.atomic.AtomicInteger();
    private final Server server;
    private volatile StreamObserver<FederatedEvent> toClient;

    public TakLikeServer(DevelopmentPki.Issued identity, X509Certificate trustedCa) throws Exception {
        var ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(identity.key(),
                        identity.chain().toArray(X509Certificate[]::new)), SslProvider.JDK)
                .trustManager(trustedCa).clientAuth(ClientAuth.REQUIRE).build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).sslContext(ssl)
                .addService(new Service()).build().start();
    }

    public int port() {
        return server.getPort();
    }

    /** Sends an event to the federate, once it opened ClientEventStream. */
    public void send(FederatedEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (toClient == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        toClient.onNext(event);
    }

    public void goSilent() {
        silent.set(true);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Service extends FederatedChannelGrpc.FederatedChannelImplBase {
        @Override
        public void serverFederateGroupsStream(Subscription request, StreamObserver<FederateGroups> out) {
            out.onNext(FederateGroups.newBuilder().setStreamUpdate(ServerHealth.newBuilder()
                    .setStatus(ServerHealth.ServingStatus.SERVING)).build());
        }

        @Override
        public void clientEventStream(Subscription request, StreamObserver<FederatedEvent> out) {
            toClient = out;
        }

        @Override
        public StreamObserver<FederatedEvent> serverEventStream(StreamObserver<Subscription> out) {
            return new Collect<>(received::add);
        }

        @Override
        public void healthCheck(ClientHealth request, StreamObserver<ServerHealth> out) {
            healthChecks.incrementAndGet();
            if (silent.get()) {
                return;
            }
            out.onNext(ServerHealth.newBuilder().setStatus(toClient == null ? ServerHealth.ServingStatus.NOT_CONNECTED
                    : ServerHealth.ServingStatus.SERVING).build());
            out.onCompleted();
        }

        @Override
        public void clientROLStream(Subscription request, StreamObserver<ROL> out) {
        }

        @Override
        public StreamObserver<ROL> serverROLStream(StreamObserver<Subscription> out) {
            return new Collect<>(rol -> rolReceived.incrementAndGet());
        }

        @Override
        public StreamObserver<FederateGroups> clientFederateGroupsStream(StreamObserver<Subscription> out) {
            return new Collect<>(groups -> { });
        }
    }

    /** Its own observer, like TakLikeClient's: this peer depends on the wire contract only. */
    private static final class Collect<T> implements StreamObserver<T> {
        private final java.util.function.Consumer<T> each;

        Collect(java.util.function.Consumer<T> each) {
            this.each = each;
        }

        @Override
        public void onNext(T value) {
            each.accept(value);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}

package io.takfed.connector.v2;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.takfed.pki.DevelopmentPki;
import io.takfed.wire.v2.ClientHealth;
import io.takfed.wire.v2.FederateGroups;
import io.takfed.wire.v2.FederatedChannelGrpc;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.Identity;
import io.takfed.wire.v2.ROL;
import io.takfed.wire.v2.ServerHealth;
import io.takfed.wire.v2.Subscription;
import io.takfed.wire.v2.TakServerVersion;
import java.security.cert.X509Certificate;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test federate that dials like TAK Server's v2 client (spec 3.4): one channel for every RPC, groups stream
 * first, ClientEventStream with a version, ServerEventStream only after the SERVING ready signal, and health
 * checks (driven by the test, so it can also stop sending them).
 */
public final class TakLikeClient implements AutoCloseable {

    public final BlockingQueue<FederatedEvent> received = new LinkedBlockingQueue<>();
    public final AtomicReference<Status> eventStreamEnd = new AtomicReference<>();
    private final ManagedChannel channel;
    private final FederatedChannelGrpc.FederatedChannelStub async;
    private final FederatedChannelGrpc.FederatedChannelBlockingStub blocking;
    private final Subscription subscription;
    private final CountDownLatch serving = new CountDownLatch(1);
    private StreamObserver<FederatedEvent> outbound;
    private boolean slow;
    private volatile java.util.function.Consumer<FederatedEvent> listener;

    /** Hands each received event to {@code sink} on arrival instead of queueing it (for measurements). */
    public TakLikeClient onEvent(java.util.function.Consumer<FederatedEvent> sink) {
        this.listener = sink;
        return this;
    }

    /** Reads one event and then none: a federate whose link backs up. */
    public TakLikeClient slow() {
        slow = true;
        return this;
    }

    public TakLikeClient(int port, DevelopmentPki.Issued identity, X509Certificate trustedCa, String name) throws Exception {
        this(port, identity, trustedCa, name, null);
    }

    /**
     * With {@code loops}, the client runs on those event loops and handles messages on them (direct executor), as
     * a benchmark's other clients do; without, on gRPC's defaults, as a separate TAK server would.
     */
    public TakLikeClient(int port, DevelopmentPki.Issued identity, X509Certificate trustedCa, String name,
                         io.netty.channel.EventLoopGroup loops) throws Exception {
        var ssl = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(identity.key(), identity.chain().toArray(X509Certificate[]::new))
                .trustManager(trustedCa).build();
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress("localhost", port).sslContext(ssl);
        if (loops != null) {
            builder.eventLoopGroup(loops).channelType(io.netty.channel.socket.nio.NioSocketChannel.class)
                    .directExecutor();
        }
        channel = builder.build();
        async = FederatedChannelGrpc.newStub(channel);
        blocking = FederatedChannelGrpc.newBlockingStub(channel);
        subscription = Subscription.newBuilder().setIdentity(Identity.newBuilder().setName(name)
                .setUid(UUID.randomUUID().toString().replace("-", "")).setServerId("server-" + name)
                .setType(Identity.ConnectionType.FEDERATION_TAK_CLIENT))
                .setVersion(TakServerVersion.newBuilder().setMajor(5).setMinor(7)).build();
    }

    /** TAK's order: groups (raw client stream), ServerFederateGroupsStream, ClientEventStream, ServerROLStream. */
    public TakLikeClient connect() throws InterruptedException {
        async.clientFederateGroupsStream(ignore());
        async.serverFederateGroupsStream(subscription, new StreamObserver<>() {
            @Override
            public void onNext(FederateGroups groups) {
                if (groups.getStreamUpdate().getStatus() == ServerHealth.ServingStatus.SERVING) {
                    serving.countDown();
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        openEventStream();
        rolOut = async.serverROLStream(ignore());
        if (!serving.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no SERVING ready signal");
        }
        outbound = async.serverEventStream(ignore());
        // The streams are opened asynchronously, on separate HTTP/2 streams: until the server has registered
        // ClientEventStream it rightly answers NOT_CONNECTED. TAK's client waits a whole interval (3 s).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (health() != ServerHealth.ServingStatus.SERVING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("health check not SERVING within 5 s of connecting");
            }
            Thread.sleep(20);
        }
        async.clientROLStream(subscription, new StreamObserver<ROL>() {
            @Override
            public void onNext(ROL value) {
                rolReceived.add(value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        return this;
    }

    public void openEventStream() {
        async.clientEventStream(subscription, new io.grpc.stub.ClientResponseObserver<Subscription, FederatedEvent>() {
            @Override
            public void beforeStart(io.grpc.stub.ClientCallStreamObserver<Subscription> call) {
                if (slow) {
                    call.disableAutoRequestWithInitial(1);
                }
            }

            @Override
            public void onNext(FederatedEvent event) {
                var sink = listener;
                if (sink != null) {
                    sink.accept(event);
                } else {
                    received.add(event);
                }
            }

            @Override
            public void onError(Throwable t) {
                eventStreamEnd.set(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                eventStreamEnd.set(Status.OK);
            }
        });
    }

    public ServerHealth.ServingStatus health() {
        return blocking.withDeadlineAfter(5, TimeUnit.SECONDS)
                .healthCheck(ClientHealth.newBuilder().setStatus(ClientHealth.ServingStatus.SERVING).build())
                .getStatus();
    }

    /** ROL messages the server sent us on ClientROLStream, as a TAK server's mission federation reads them. */
    public final BlockingQueue<ROL> rolReceived = new LinkedBlockingQueue<>();
    private volatile StreamObserver<ROL> rolOut;

    /** Sends one ROL program on ServerROLStream, as TAK's client sends mission changes. */
    public synchronized void sendRol(String program) {
        rolOut.onNext(ROL.newBuilder().setProgram(program).build());
    }

    public void send(FederatedEvent event) {
        outbound.onNext(event);
    }

    FederatedChannelGrpc.FederatedChannelBlockingStub blocking() {
        return blocking;
    }

    /** Opens ServerEventStream and returns how it ended within the wait (null if still open). */
    Status tryServerEventStream(long waitMillis) throws InterruptedException {
        AtomicReference<Status> end = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        async.serverEventStream(new StreamObserver<>() {
            @Override
            public void onNext(Subscription value) {
            }

            @Override
            public void onError(Throwable t) {
                end.set(Status.fromThrowable(t));
                done.countDown();
            }

            @Override
            public void onCompleted() {
                end.set(Status.OK);
                done.countDown();
            }
        });
        done.await(waitMillis, TimeUnit.MILLISECONDS);
        return end.get();
    }

    /**
     * Its own no-op observer on purpose: this client plays a foreign TAK server and is used from the system tests,
     * where none of takfed's transport classes are on the class path; it depends on the wire contract only.
     */
    private <T> StreamObserver<T> ignore() {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    static boolean unimplemented(Runnable call) {
        try {
            call.run();
            return false;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.UNIMPLEMENTED;
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}

package io.takfed.connector.v2;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.takfed.wire.v2.ClientHealth;
import io.takfed.wire.v2.FederateGroups;
import io.takfed.wire.v2.FederatedChannelGrpc;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.Identity;
import io.takfed.wire.v2.ROL;
import io.takfed.wire.v2.ServerHealth;
import io.takfed.wire.v2.Subscription;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of {@code com.atakmap.FederatedChannel} as a TAK client expects it (spec 3.5, 3.7, 8.3). Calls
 * may come in any order; RPCs TAK does not use between servers answer UNIMPLEMENTED (the base class default).
 */
final class FederatedChannelService extends FederatedChannelGrpc.FederatedChannelImplBase {

    private static final Logger LOG = Logger.getLogger(FederatedChannelService.class.getName());
    /** A duplicate may replace an existing link only once that link has been silent this long (TAK's rule). */
    static final Duration ZOMBIE_TIMEOUT = Duration.ofSeconds(30);

    private final V2Sessions sessions;
    private final V2Relay relay;
    private final Supplier<String> nodeId;
    private final LongAdder rolPrograms = new LongAdder();

    FederatedChannelService(V2Sessions sessions, V2Relay relay, Supplier<String> nodeId) {
        this.sessions = sessions;
        this.relay = relay;
        this.nodeId = nodeId;
    }

    long rolProgramsReceived() {
        return rolPrograms.sum();
    }

    private static V2Session session() {
        return SessionInterceptor.SESSION.get();
    }

    /** The ready signal: SERVING exactly once, then the stream stays open. */
    @Override
    public void serverFederateGroupsStream(Subscription request, StreamObserver<FederateGroups> responses) {
        if (!named(request, responses)) {
            return;
        }
        responses.onNext(FederateGroups.newBuilder()
                .setStreamUpdate(ServerHealth.newBuilder().setStatus(ServerHealth.ServingStatus.SERVING)).build());
    }

    /** Our events to the peer. Never completed by us; it ends on error, cancellation or the liveness sweep. */
    @Override
    public void clientEventStream(Subscription request, StreamObserver<FederatedEvent> responses) {
        if (!named(request, responses)) {
            return;
        }
        V2Session session = session();
        ServerCallStreamObserver<FederatedEvent> stream = (ServerCallStreamObserver<FederatedEvent>) responses;
        stream.setOnCancelHandler(() -> LOG.log(Level.FINE, "ClientEventStream of {0} cancelled", session));
        session.clientEventStream(stream, request.getVersion().getMajor(), request.getIdentity().getServerId());
        session.healthChecked(sessions.now());
        relay.welcome(session);
    }

    /** The peer's events to us: this is where a peer becomes a federate. */
    @Override
    public StreamObserver<FederatedEvent> serverEventStream(StreamObserver<Subscription> response) {
        V2Session session = session();
        boolean duplicate = sessions.all().stream().anyMatch(other -> other != session && other.federate()
                && other.fingerprint().equals(session.fingerprint())
                && sessions.now() - other.lastHealthNanos() < ZOMBIE_TIMEOUT.toNanos());
        if (duplicate) {
            LOG.log(Level.INFO, "TAKFED-F010 duplicate-connection: {0} already has an active link", session);
            response.onError(Status.ALREADY_EXISTS.withDescription("duplicate-connection").asRuntimeException());
            return new Ignoring<>();
        }
        session.becomeFederate();
        LOG.log(Level.INFO, "TAKFED-V2-001 Federate {0} connected", session);
        response.onNext(ourSubscription(session));
        return new StreamObserver<>() {
            @Override
            public void onNext(FederatedEvent event) {
                session.countIn();
                relay.route(session, event);
            }

            @Override
            public void onError(Throwable t) {
                sessions.close(session.key());
            }

            @Override
            public void onCompleted() {
                response.onCompleted();
            }
        };
    }

    /** SERVING once the peer's ClientEventStream exists, NOT_CONNECTED before; always completed. */
    @Override
    public void healthCheck(ClientHealth request, StreamObserver<ServerHealth> response) {
        V2Session session = session();
        ServerHealth.ServingStatus status;
        if (session.hasClientEventStream()) {
            session.healthChecked(sessions.now());
            status = ServerHealth.ServingStatus.SERVING;
        } else {
            status = ServerHealth.ServingStatus.NOT_CONNECTED;
        }
        response.onNext(ServerHealth.newBuilder().setStatus(status).build());
        response.onCompleted();
    }

    /** Mandatory: a TAK client disconnects if this fails, UNIMPLEMENTED included. Held open. */
    @Override
    public void clientROLStream(Subscription request, StreamObserver<ROL> responses) {
        session().clientRolStream(responses);
    }

    /** Consumed; ROL programs are handled by mission federation. */
    @Override
    public StreamObserver<ROL> serverROLStream(StreamObserver<Subscription> response) {
        V2Session session = session();
        response.onNext(ourSubscription(session));
        return new Consume<>(response, rol -> rolPrograms.increment());
    }

    /** Consumed: the peer's group announcements. */
    @Override
    public StreamObserver<FederateGroups> clientFederateGroupsStream(StreamObserver<Subscription> response) {
        response.onNext(ourSubscription(session()));
        return new Consume<>(response, groups -> { });
    }

    private Subscription ourSubscription(V2Session session) {
        return Subscription.newBuilder().setFilter("").setIdentity(Identity.newBuilder()
                .setType(Identity.ConnectionType.FEDERATION_TAK_SERVER).setServerId(nodeId.get())
                .setName(session.key()).setUid(session.key())).build();
    }

    private static boolean named(Subscription request, StreamObserver<?> responses) {
        if (request.getIdentity().getName().isEmpty()) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("identity.name is required").asRuntimeException());
            return false;
        }
        return true;
    }

    /** Reads a client stream to its end; completes our side when the peer completes. */
    private static final class Consume<T> implements StreamObserver<T> {
        private final StreamObserver<Subscription> response;
        private final java.util.function.Consumer<T> each;

        Consume(StreamObserver<Subscription> response, java.util.function.Consumer<T> each) {
            this.response = response;
            this.each = each;
        }

        @Override
        public void onNext(T value) {
            each.accept(value);
        }

        @Override
        public void onError(Throwable t) {
            // The peer went away; nothing to answer.
        }

        @Override
        public void onCompleted() {
            response.onCompleted();
        }
    }
}

package io.takfed.connector.v2;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.takfed.wire.v2.ClientHealth;
import io.takfed.wire.v2.FederateGroups;
import io.takfed.wire.v2.FederatedChannelGrpc;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerMethodDefinition;
import io.grpc.stub.ServerCalls;
import io.takfed.connector.routing.Relay;
import io.takfed.wire.Frames;
import io.takfed.wire.v2.FederatedFrame;
import io.takfed.wire.v2.Identity;
import io.takfed.wire.v2.ROL;
import io.takfed.wire.v2.ServerHealth;
import io.takfed.wire.v2.Subscription;
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

    private final V2Sessions sessions;
    private final Relay relay;
    private final Supplier<String> nodeId;
    private final LongAdder rolPrograms = new LongAdder();

    FederatedChannelService(V2Sessions sessions, Relay relay, Supplier<String> nodeId) {
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
        session().groupsStream(responses);
        responses.onNext(FederateGroups.newBuilder()
                .setStreamUpdate(ServerHealth.newBuilder().setStatus(ServerHealth.ServingStatus.SERVING)).build());
    }

    /**
     * The service as the server binds it: the generated methods, with the two event streams typed as frames so the
     * relay passes GeoEvents through undecoded. Same method names and call kinds, so nothing shows on the wire.
     */
    ServerServiceDefinition definition() {
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(FederatedChannelGrpc.SERVICE_NAME);
        for (ServerMethodDefinition<?, ?> method : bindService().getMethods()) {
            String name = method.getMethodDescriptor().getFullMethodName();
            if (!name.equals(Frames.CLIENT_EVENT_STREAM.getFullMethodName())
                    && !name.equals(Frames.SERVER_EVENT_STREAM.getFullMethodName())) {
                builder.addMethod(method);
            }
        }
        return builder
                .addMethod(Frames.CLIENT_EVENT_STREAM, ServerCalls.asyncServerStreamingCall(this::clientEvents))
                .addMethod(Frames.SERVER_EVENT_STREAM, ServerCalls.asyncClientStreamingCall(this::serverEvents))
                .build();
    }

    /** Our events to the peer. Never completed by us; it ends on error, cancellation or the liveness sweep. */
    private void clientEvents(Subscription request, StreamObserver<FederatedFrame> responses) {
        if (!named(request, responses)) {
            return;
        }
        V2Session session = session();
        ServerCallStreamObserver<FederatedFrame> stream = (ServerCallStreamObserver<FederatedFrame>) responses;
        stream.setOnCancelHandler(() -> LOG.log(Level.FINE, "ClientEventStream of {0} cancelled", session));
        session.clientEventStream(stream, request.getVersion().getMajor(), request.getIdentity().getServerId());
        session.healthChecked(sessions.now());
        relay.welcome(session);
    }

    /** The peer's events to us: this is where a peer becomes a federate. */
    private StreamObserver<FederatedFrame> serverEvents(StreamObserver<Subscription> response) {
        V2Session session = session();
        boolean duplicate = relay.activeLink(session.fingerprint(), session, Relay.ZOMBIE_AFTER).isPresent();
        if (duplicate) {
            LOG.log(Level.INFO, "TAKFED-F010 duplicate-connection: {0} already has an active link", session);
            response.onError(Status.ALREADY_EXISTS.withDescription("duplicate-connection").asRuntimeException());
            return new Ignoring<>();
        }
        session.becomeFederate();
        LOG.log(Level.INFO, "TAKFED-V2-001 Federate {0} connected", session);
        var groups = session.groupsStream();
        if (groups != null) {
            // As TAK's server once the event stream is set up, for a federate with group mapping (spec 3.5.2).
            GroupAdvert.to(relay.table(), session.fingerprint()).ifPresent(groups::onNext);
        }
        return new StreamObserver<>() {
            @Override
            public void onNext(FederatedFrame frame) {
                session.countIn();
                relay.route(session, frame);
            }

            @Override
            public void onError(Throwable t) {
                sessions.close(session.key());
            }

            @Override
            public void onCompleted() {
                answer(response, session);
            }
        };
    }

    /**
     * SERVING once the peer's ClientEventStream exists, NOT_CONNECTED before; always completed. Both directions
     * carry takfed's acknowledgement: the peer's check what it stored of ours, our answer what we stored of its.
     */
    @Override
    public void healthCheck(ClientHealth request, StreamObserver<ServerHealth> response) {
        V2Session session = session();
        ServerHealth.ServingStatus status;
        if (session.hasClientEventStream()) {
            session.healthChecked(sessions.now());
            session.rol().healthy(request.hasCommittedRol(), request.getCommittedRol());
            status = ServerHealth.ServingStatus.SERVING;
        } else {
            status = ServerHealth.ServingStatus.NOT_CONNECTED;
        }
        response.onNext(ServerHealth.newBuilder().setStatus(status).setCommittedRol(session.rol().stored()).build());
        response.onCompleted();
    }

    /** Mandatory: a TAK client disconnects if this fails, UNIMPLEMENTED included. Held open. */
    @Override
    public void clientROLStream(Subscription request, StreamObserver<ROL> responses) {
        session().clientRolStream(responses);
    }

    /**
     * Consumed; ROL programs are handled by mission federation. Read only while the peer is approved: before, not a
     * message is taken, so what an unknown or pending certificate sends waits in the stream's HTTP/2 window (1 MiB),
     * however large it is, instead of being read into memory; approval starts the reading (see V2Session).
     */
    @Override
    public StreamObserver<ROL> serverROLStream(StreamObserver<Subscription> response) {
        V2Session session = session();
        ServerCallStreamObserver<Subscription> call = (ServerCallStreamObserver<Subscription>) response;
        call.disableAutoRequest();
        session.rolReads(call, relay.table().peer(session.fingerprint()).isPresent());
        return new Consume<>(response, session, rol -> {
            rolPrograms.increment();
            call.request(1);
            if (!session.rol().received(rol)) {
                // Never drop a change silently: the peer replays what was not taken on its next session.
                LOG.log(Level.WARNING, "TAKFED-V2-020 {0}: {1} ROL messages wait to be applied; ending the session",
                        new Object[] {session, String.valueOf(RolChannel.MAX_RECEIVED)});
                sessions.close(session.key());
            }
        });
    }

    /** The peer's group announcements, kept as its remote groups (spec 3.5.7). */
    @Override
    public StreamObserver<FederateGroups> clientFederateGroupsStream(StreamObserver<Subscription> response) {
        V2Session session = session();
        return new Consume<>(response, session, groups -> {
            if (relay.table().peer(session.fingerprint()).isPresent()) {
                relay.remoteGroups().record(session.fingerprint(), groups.getFederateGroupsList());
            }
        });
    }

    /**
     * Our one answer on a client-streaming call, given when the peer completes it. TAK sends it at once and patched
     * grpc to flush it; stock grpc holds a unary answer until the call closes, and a held answer whose call the peer
     * then cancelled was never released (a Netty LEAK report): so it is made only when it goes out at once.
     */
    private void answer(StreamObserver<Subscription> response, V2Session session) {
        response.onNext(ourSubscription(session));
        response.onCompleted();
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

    /** Reads a client stream to its end; answers and completes our side when the peer completes. */
    private final class Consume<T> implements StreamObserver<T> {
        private final StreamObserver<Subscription> response;
        private final V2Session session;
        private final java.util.function.Consumer<T> each;

        Consume(StreamObserver<Subscription> response, V2Session session, java.util.function.Consumer<T> each) {
            this.response = response;
            this.session = session;
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
            answer(response, session);
        }
    }
}

package io.takfed.connector.transport.probe;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.takfed.connector.api.FederationFailure;
import io.takfed.connector.api.ProbeRequest;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.transport.tls.RecordingTrustManager;
import io.takfed.wire.v2.ClientHealth;
import io.takfed.wire.v2.FederatedChannelGrpc;
import io.takfed.wire.v2.ServerHealth;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The probe's last stage: does the peer speak federation to us? v2: a health check on a gRPC channel of its own,
 * with the probe's material; any answer means the peer took us as a federate, a status says why not. v1 has no
 * handshake of its own: a peer that does not accept us closes the link just after TLS, so the link must stay open
 * for a while.
 */
final class ProtocolCheck {

    /** How long a v1 link must stay open after TLS to count as accepted; TAK closes unknown federates at once. */
    static final long V1_WINDOW_MILLIS = 1_000;

    /** Empty when the peer passed; else why not. */
    record Verdict(FederationFailure failure, String detail) {
        static final Verdict PASSED = new Verdict(null, null);
    }

    private ProtocolCheck() {
    }

    static Verdict v1(Channel channel, long timeoutMillis, boolean linkUp) {
        if (channel.closeFuture().awaitUninterruptibly(Math.min(V1_WINDOW_MILLIS, timeoutMillis))) {
            if (linkUp) {
                return new Verdict(null, "the peer closed this second link, as v1 peers do while one link of a "
                        + "federate is up; the live v1 link shows that it accepts us");
            }
            return new Verdict(FederationFailure.FEDERATION_DENIED, "the peer closed the v1 link right after TLS: it "
                    + "does not (yet) accept our certificate as a federate; ask its administrator to approve it");
        }
        return new Verdict(null, "the peer kept the v1 link open");
    }

    static Verdict v2(EventLoopGroup group, FederationTls tls, FederationIdentity identity, ProbeRequest request,
                      RecordingTrustManager trust) {
        boolean own = request.clientChain().isEmpty();
        ManagedChannel channel;
        try {
            var ssl = tls.grpcClient(own ? identity.key() : request.clientKey(),
                    own ? identity.chain() : request.clientChain(), trust.asFactory(), request.verifyHostname());
            channel = NettyChannelBuilder.forAddress(request.host(), request.port()).eventLoopGroup(group)
                    .channelType(NioSocketChannel.class).sslContext(ssl).build();
        } catch (SSLException e) {
            return new Verdict(FederationFailure.FEDERATION_TLS_ERROR, "our gRPC client could not be built: " + e);
        }
        try {
            ServerHealth health = FederatedChannelGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .healthCheck(ClientHealth.newBuilder().setStatus(ClientHealth.ServingStatus.SERVING).build());
            return new Verdict(null, "the peer answered a v2 health check (" + health.getStatus() + ")");
        } catch (StatusRuntimeException e) {
            return refused(e.getStatus());
        } finally {
            channel.shutdownNow();
        }
    }

    private static Verdict refused(Status status) {
        String description = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        // A takfed peer names its reason first ("federation-denied: ..."); TAK gives a gRPC status only.
        FederationFailure named = description.indexOf(':') > 0
                ? FederationFailure.fromLabel(description.substring(0, description.indexOf(':'))).orElse(null) : null;
        return switch (status.getCode()) {
            case PERMISSION_DENIED -> new Verdict(named == null ? FederationFailure.FEDERATION_DENIED : named,
                    "the peer refused us: " + description + "; ask its administrator to approve our certificate");
            case UNAUTHENTICATED -> new Verdict(named == null ? FederationFailure.AUTHENTICATION_FAILURE : named,
                    "the peer does not accept our certificate: " + description);
            case UNIMPLEMENTED -> new Verdict(FederationFailure.PROTOCOL_ERROR, "the port answers gRPC but not "
                    + "TAK federation v2 (" + description + "); check the port, v2 is usually 9001");
            case DEADLINE_EXCEEDED -> new Verdict(FederationFailure.FEDERATION_TIMEOUT, "the peer did not answer "
                    + "the v2 health check in time");
            default -> new Verdict(named == null ? FederationFailure.PROTOCOL_ERROR : named,
                    "the v2 health check failed: " + status.getCode() + ": " + description);
        };
    }
}

package io.takfed.connector.v2;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.takfed.pki.CertificateIdentity;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Binds every call to the session of its TLS connection, identified by the peer's certificate. A call without a
 * verified client certificate never reaches the service.
 */
final class SessionInterceptor implements ServerInterceptor {

    static final Context.Key<V2Session> SESSION = Context.key("takfed-v2-session");

    private final V2Sessions sessions;
    private final int queueCapacity;
    private final io.takfed.connector.routing.Relay relay;

    private final V2Refusals refusals;

    SessionInterceptor(V2Sessions sessions, int queueCapacity, io.takfed.connector.routing.Relay relay,
                       V2Refusals refusals) {
        this.refusals = refusals;
        this.sessions = sessions;
        this.queueCapacity = queueCapacity;
        this.relay = relay;
    }

    static String key(SocketAddress remote) {
        return String.valueOf(remote);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        List<X509Certificate> chain;
        try {
            Certificate[] presented = tls == null ? new Certificate[0] : tls.getPeerCertificates();
            chain = Arrays.stream(presented).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            chain = List.of();
        }
        if (chain.isEmpty() || remote == null) {
            call.close(Status.UNAUTHENTICATED.withDescription("a verified client certificate is required"),
                    new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        boolean known = sessions.find(key(remote)).isPresent();
        // Authorization first, on every call: a rejection applies at once, even to a connection already open.
        java.util.Optional<String> denied = relay.table().refusal(CertificateIdentity.fingerprint(chain.get(0)));
        if (denied.isPresent()) {
            refusals.record(chain, remote, io.takfed.connector.api.FederationFailure.FEDERATION_DENIED, denied.get());
            // As the Federation Hub answers a federate outside its policy graph.
            call.close(Status.PERMISSION_DENIED.withDescription("federation-denied: " + denied.get()), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        // Checked once, when the connection's first call opens its session; later calls reuse the verdict.
        java.util.Optional<String> unusable = known ? java.util.Optional.empty()
                : io.takfed.connector.transport.tls.PresentedChain.refusal(chain, "v2 session from " + remote);
        if (unusable.isPresent()) {
            refusals.record(chain, remote, io.takfed.connector.api.FederationFailure.AUTHENTICATION_FAILURE,
                    unusable.get());
            // TAK's own check would fail later and less clearly; say why now, before the peer is a session.
            call.close(Status.UNAUTHENTICATED.withDescription("authentication-failure: " + unusable.get()),
                    new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        X509Certificate leaf = chain.get(0);
        List<X509Certificate> verified = chain;
        String domain = known ? null : relay.table().peer(CertificateIdentity.fingerprint(leaf))
                .map(io.takfed.connector.api.routing.PeerPolicy::domain).orElse(null);
        if (domain == null) {
            return start(call, headers, next, remote, leaf, verified);
        }
        // A peer with a domain must be named by one of its SRV targets: decided before it becomes a session.
        var verdict = relay.binding().check(leaf, domain, "v2");
        if (verdict.isDone()) {
            var refusal = verdict.join();
            if (refusal.isEmpty()) {
                return start(call, headers, next, remote, leaf, verified);
            }
            refuse(call, refusal.get(), remote, verified);
            return new ServerCall.Listener<>() {
            };
        }
        DeferredListener<Q> deferred = new DeferredListener<>();
        verdict.whenComplete((refusal, error) -> {
            if (error == null && refusal.isEmpty()) {
                deferred.start(start(call, headers, next, remote, leaf, verified));
                return;
            }
            refuse(call, error == null ? refusal.get() : new io.takfed.connector.discovery.DomainBinding.Refusal(
                    io.takfed.connector.api.FederationFailure.DISCOVERY_FAILURE, String.valueOf(error)), remote,
                    verified);
            deferred.start(new ServerCall.Listener<>() {
            });
        });
        return deferred;
    }

    private <Q, R> ServerCall.Listener<Q> start(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next,
                                                SocketAddress remote, X509Certificate leaf,
                                                List<X509Certificate> verified) {
        refusals.admitted(CertificateIdentity.fingerprint(leaf));
        V2Session session = sessions.open(key(remote), k -> new V2Session(k, CertificateIdentity.fingerprint(leaf),
                CertificateIdentity.displayName(leaf), verified, sessions.now(), queueCapacity, relay::isOurCa));
        return Contexts.interceptCall(Context.current().withValue(SESSION, session), call, headers, next);
    }

    /** The description starts with the failure's label, which a takfed client reads back as its own last error. */
    private void refuse(ServerCall<?, ?> call, io.takfed.connector.discovery.DomainBinding.Refusal refusal,
                        SocketAddress remote, List<X509Certificate> chain) {
        refusals.record(chain, remote, refusal.failure(), refusal.detail());
        java.util.logging.Logger.getLogger(SessionInterceptor.class.getName()).log(java.util.logging.Level.WARNING,
                "{0} {1}: v2 session from {2} refused: {3}", new Object[] {refusal.failure().logId(),
                refusal.failure().label(), String.valueOf(remote), refusal.detail()});
        Status status = refusal.failure() == io.takfed.connector.api.FederationFailure.AUTHENTICATION_FAILURE
                ? Status.UNAUTHENTICATED : Status.UNAVAILABLE;
        call.close(status.withDescription(refusal.failure().label() + ": " + refusal.detail()), new Metadata());
    }
}

package io.takfed.bench;

import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.takfed.connector.api.routing.PeerPolicy;
import io.takfed.connector.api.routing.RoutingTable;
import io.takfed.connector.transport.tls.FederationIdentity;
import io.takfed.connector.transport.tls.FederationTls;
import io.takfed.connector.api.LinkReport;
import io.takfed.connector.routing.Relay;
import io.takfed.connector.v1.V1Codec;
import io.takfed.connector.v1.V1Federation;
import io.takfed.connector.v2.TakLikeClient;
import java.util.function.Consumer;
import io.takfed.connector.v2.V2Server;
import io.takfed.pki.CertificateIdentity;
import io.takfed.pki.DevelopmentPki;
import io.takfed.connector.v2.TakEvents;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.GeoEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * M1 (one link: throughput, and latency at a fixed open-loop rate) and M2 (fan-out to 1, 4, 16 peers) for
 * Federation v2 and v1, beside a bare mutual-TLS relay measured in the same run (shared/design/benchmarks.md).
 * Deliveries are counted at the sinks; loss must be zero. Run: {@code bench/relay [--quick] [--rate=N]}.
 */
public final class RelayBenchmark {

    private static final double[] QUANTILES = {50, 99, 99.9};
    private static final DevelopmentPki.Issued CA = DevelopmentPki.certificateAuthority("Bench CA");
    private static final DevelopmentPki.Issued HUB = leaf("localhost");
    private static final String DETAIL = "<detail><contact callsign=\"ALPHA-1\" endpoint=\"*:-1:stcp\"/>"
            + "<__group name=\"Cyan\" role=\"Team Member\"/><status battery=\"88\"/><takv device=\"SM-G998U\" "
            + "platform=\"ATAK-CIV\" os=\"33\" version=\"5.1.0.7\"/><track speed=\"0.0\" course=\"271.3\"/>"
            + "<uid Droid=\"ALPHA-1\"/><precisionlocation altsrc=\"GPS\" geopointsrc=\"GPS\"/></detail>";

    /** Sends to the relay under test; consumers are attached to it. */
    private interface Rig extends AutoCloseable {
        void send(FederatedEvent event);
    }

    /** Counts deliveries and records latency from the send time carried in the event. */
    private static final class Sink {
        final LongAdder delivered = new LongAdder();
        final Recorder latency = new Recorder(3);

        void accept(FederatedEvent event) {
            latency.recordValue(Math.max(0, (System.nanoTime() - event.getEvent().getSendTime()) / 1_000));
            delivered.increment();
        }
    }

    private static DevelopmentPki.Issued leaf(String name) {
        return DevelopmentPki.federationCertificate(CA, name, List.of(name, "localhost"),
                List.of(InetAddress.getLoopbackAddress()));
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int blast = quick ? 40_000 : 200_000;
        // The benchmarks' goal rate by default; --rate=N measures latency below (or above) saturation.
        int rate = List.of(args).stream().filter(a -> a.startsWith("--rate=")).map(a -> Integer.parseInt(a.substring(7)))
                .findFirst().orElse(20_000);
        int seconds = quick ? 3 : 10;
        // Benchmark rule 2: repeats, reported as the median with the spread of each ratio.
        int repeats = List.of(args).stream().filter(a -> a.startsWith("--repeats=")).map(a -> Integer.parseInt(a.substring(10)))
                .findFirst().orElse(3);
        FederationTls tls = new FederationTls(List.of("TLSv1.3"));
        List<String> rows = new ArrayList<>();
        try {
            String[] systems = {"takfed v2", "takfed v1", "bare mTLS"};
            int[] fanOuts = {1, 4, 16};
            // Every system is warmed before any is measured: the JIT compiles shared code (TLS, Netty) once, and
            // whichever ran first would otherwise pay for it alone.
            for (int system = 0; system < systems.length; system++) {
                for (int consumers : new int[] {1, 4}) {
                    Sink warm = new Sink();
                    try (Rig rig = rig(system, tls, consumers, warm)) {
                        run(rig, warm, blast / 2 / consumers, consumers);
                    }
                }
            }
            // Rows of [repeat][system]; each repeat measures every system once, so drift hits all alike.
            List<String> names = new ArrayList<>();
            List<double[][]> values = new ArrayList<>();
            names.add("M1 events/s, one link (max)");
            for (double q : QUANTILES) {
                names.add("M1 latency p" + trim(q) + " us at " + rate + "/s");
            }
            for (int fanOut : fanOuts) {
                names.add("M2 deliveries/s, fan-out " + fanOut);
            }
            for (int i = 0; i < names.size(); i++) {
                values.add(new double[repeats][systems.length]);
            }
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (int system = 0; system < systems.length; system++) {
                    int row = 0;
                    Sink sink = new Sink();
                    try (Rig rig = rig(system, tls, 1, sink)) {
                        values.get(row++)[repeat][system] = run(rig, sink, blast, 0);
                    }
                    Sink paced = new Sink();
                    Histogram latency = latency(rig(system, tls, 1, paced), paced, rate, seconds);
                    for (double q : QUANTILES) {
                        values.get(row++)[repeat][system] = latency.getValueAtPercentile(q);
                    }
                    for (int fanOut : fanOuts) {
                        Sink fan = new Sink();
                        try (Rig rig = rig(system, tls, fanOut, fan)) {
                            values.get(row++)[repeat][system] = run(rig, fan, blast / fanOut, fanOut) * fanOut;
                        }
                    }
                }
            }
            for (int i = 0; i < names.size(); i++) {
                rows.add(row(names.get(i), values.get(i)));
            }
        } finally {
            System.out.flush();
        }
        System.out.println();
        System.out.printf("%-38s %12s %12s %12s %20s %20s%n", "metric (" + (quick ? "quick" : "full") + ", 2 cores, "
                + repeats + "x)", "takfed v2", "takfed v1", "bare mTLS", "v2/bare (range)", "v1/bare (range)");
        rows.forEach(System.out::println);
        System.out.println("(medians of " + repeats + " repeats; zero loss checked at the sinks; ratio = takfed / baseline,"
                + " its range over the repeats in brackets)");
        System.exit(0);
    }

    /** Sends {@code count} events as fast as possible; returns events/s delivered per consumer, loss checked. */
    private static double run(Rig rig, Sink sink, int count, int consumers) throws Exception {
        int expected = count * Math.max(1, consumers);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            rig.send(event(i));
        }
        await(sink, expected, 120);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static Histogram latency(Rig rig, Sink sink, int rate, int seconds) throws Exception {
        try (rig) {
            long period = 1_000_000_000L / rate;
            int count = rate * seconds;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                rig.send(event(i));
            }
            await(sink, count, 60);
            return sink.latency.getIntervalHistogram();
        }
    }

    private static void await(Sink sink, long expected, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (sink.delivered.sum() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("loss: delivered " + sink.delivered.sum() + " of " + expected);
            }
            Thread.sleep(1);
        }
    }

    private static FederatedEvent event(int sequence) {
        return FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder()
                .setUid("ANDROID-" + sequence).setType("a-f-G-U-C").setCoordSource("m-g")
                .setSendTime(System.nanoTime()).setStartTime(1_700_000_000_000L).setStaleTime(1_700_000_060_000L)
                .setLat(42.35).setLon(-71.06).setHae(12).setCe(9.9).setLe(9999999).setOther(DETAIL)))
                .build();
    }

    /** One certificate per federate: takfed allows one link per certificate. */
    private static List<DevelopmentPki.Issued> federates(String prefix, int count) {
        List<DevelopmentPki.Issued> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            peers.add(leaf(prefix + i));
        }
        return peers;
    }

    /** Every federate in group blue both ways, so each event reaches every consumer. */
    private static List<PeerPolicy> blue(List<DevelopmentPki.Issued> peers) {
        List<PeerPolicy> policies = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            policies.add(new PeerPolicy(i, "peer-" + i, CertificateIdentity.fingerprint(peers.get(i).certificate()),
                    Set.of("blue"), Set.of("blue"), true, -1));
        }
        return policies;
    }

    private static Rig takfedRig(EventLoopGroup loops, EventLoopGroup clientLoops, FederationTls tls, int consumers,
                           Sink sink) throws Exception {
        List<DevelopmentPki.Issued> peers = federates("peer-", consumers + 1);
        List<PeerPolicy> policies = blue(peers);
        V2Server server = V2Server.start(new InetSocketAddress("127.0.0.1", 0), loops, loops,
                new FederationIdentity(HUB.key(), HUB.chain(), List.of(CA.certificate()),
                        FederationIdentity.Source.GENERATED), tls, RoutingTable.of("bench-hub", policies),
                V2Server.DEFAULT_MAX_INBOUND_BYTES, 1 << 20, V2Server.HEALTH_TIMEOUT, V2Server.SWEEP_INTERVAL);
        List<TakLikeClient> clients = new ArrayList<>();
        for (int i = 1; i <= consumers; i++) {
            clients.add(new TakLikeClient(server.port(), peers.get(i), CA.certificate(), "c" + i, clientLoops)
                    .onEvent(sink::accept).connect());
        }
        TakLikeClient producer = new TakLikeClient(server.port(), peers.get(0), CA.certificate(), "p", clientLoops).connect();
        return new Rig() {
            @Override
            public void send(FederatedEvent event) {
                producer.send(event);
            }

            @Override
            public void close() throws Exception {
                producer.close();
                for (TakLikeClient client : clients) {
                    client.close();
                }
                server.close();
            }
        };
    }

    private static Rig bareRig(EventLoopGroup loops, EventLoopGroup clientLoops, FederationTls tls, int consumers,
                           Sink sink) throws Exception {
        BareRelay relay = new BareRelay(loops, tls.server(new FederationIdentity(HUB.key(), HUB.chain(),
                List.of(CA.certificate()), FederationIdentity.Source.GENERATED)));
        DevelopmentPki.Issued peer = leaf("bare-peer");
        SslContext client = clientContext(tls, peer);
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            channels.add(BareRelay.connect(clientLoops, client, relay.consumerPort(), frame -> {
                try {
                    sink.accept(FederatedEvent.parseFrom(new ByteBufInputStream(frame)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        while (relay.consumers() < consumers) {
            Thread.sleep(5);
        }
        Channel producer = BareRelay.connect(clientLoops, client, relay.producerPort(), frame -> { });
        return new Rig() {
            @Override
            public void send(FederatedEvent event) {
                BareRelay.send(producer, event.toByteArray());
            }

            @Override
            public void close() {
                producer.close().syncUninterruptibly();
                channels.forEach(c -> c.close().syncUninterruptibly());
                relay.close();
            }
        };
    }

    /** One metric: the median of each system over the repeats, and each protocol's median ratio with its range. */
    private static String row(String metric, double[][] byRepeat) {
        double[] median = new double[3];
        for (int system = 0; system < 3; system++) {
            int column = system;
            median[system] = median(java.util.Arrays.stream(byRepeat).mapToDouble(r -> r[column]).toArray());
        }
        return String.format(Locale.ROOT, "%-38s %12.0f %12.0f %12.0f %20s %20s", metric, median[0], median[1],
                median[2], ratio(byRepeat, 0), ratio(byRepeat, 1));
    }

    private static String ratio(double[][] byRepeat, int system) {
        double[] ratios = java.util.Arrays.stream(byRepeat).mapToDouble(r -> r[2] == 0 ? 0 : r[system] / r[2])
                .sorted().toArray();
        return String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", median(ratios), ratios[0], ratios[ratios.length - 1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * A rig on event loops of its own: two threads for the system under test, two for its clients. Fresh groups
     * place every rig's channels on loops the same way, so no system or repeat is lucky or unlucky in where its
     * hot channels land.
     */
    private static Rig rig(int system, FederationTls tls, int consumers, Sink sink) throws Exception {
        EventLoopGroup server = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Rig rig = switch (system) {
            case 0 -> takfedRig(server, clients, tls, consumers, sink);
            case 1 -> v1Rig(server, clients, tls, consumers, sink);
            default -> bareRig(server, clients, tls, consumers, sink);
        };
        return new Rig() {
            @Override
            public void send(FederatedEvent event) {
                rig.send(event);
            }

            @Override
            public void close() throws Exception {
                rig.close();
                clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                server.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        };
    }

    /**
     * takfed's v1 hub with Netty clients that frame exactly as the bare relay's do; each client has its own
     * certificate, since takfed allows one link per federate.
     */
    private static Rig v1Rig(EventLoopGroup loops, EventLoopGroup clientLoops, FederationTls tls, int consumers,
                           Sink sink) throws Exception {
        List<DevelopmentPki.Issued> peers = federates("v1-peer-", consumers + 1);
        List<PeerPolicy> policies = blue(peers);
        V1Federation hub = V1Federation.start(new InetSocketAddress("127.0.0.1", 0), loops,
                new FederationIdentity(HUB.key(), HUB.chain(), List.of(CA.certificate()),
                        FederationIdentity.Source.GENERATED), tls, new Relay(RoutingTable.of("bench-hub", policies)),
                V1Codec.DEFAULT_MAX_FRAME_BYTES, 1 << 20, java.time.Duration.ZERO);
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i <= consumers; i++) {
            Consumer<io.netty.buffer.ByteBuf> onFrame = i == 0 ? frame -> { } : frame -> {
                try {
                    sink.accept(FederatedEvent.parseFrom(new ByteBufInputStream(frame)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
            channels.add(BareRelay.connect(clientLoops, clientContext(tls, peers.get(i)), hub.port(), onFrame));
        }
        while (hub.links().stream().filter(LinkReport::federate).count() < consumers + 1) {
            Thread.sleep(5);
        }
        Channel producer = channels.get(0);
        return new Rig() {
            @Override
            public void send(FederatedEvent event) {
                BareRelay.send(producer, event.toByteArray());
            }

            @Override
            public void close() {
                channels.forEach(c -> c.close().syncUninterruptibly());
                hub.close();
            }
        };
    }

    private static SslContext clientContext(FederationTls tls, DevelopmentPki.Issued peer) throws IOException {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(peer.key(), peer.chain().toArray(X509Certificate[]::new)).trustManager(CA.certificate())
                .protocols(tls.protocols()).ciphers(FederationTls.CIPHER_SUITES).build();
    }

    private static String trim(double q) {
        return q == Math.rint(q) ? Long.toString((long) q) : Double.toString(q);
    }
}

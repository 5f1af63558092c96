package io.takfed.connector.transport;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The settings the transport reads, with their defaults. Keys are looked up as system properties first, then as
 * environment variables, the order MicroProfile Config gives them, so one name works in both packagings.
 */
public record ConnectorSettings(Path dataDirectory, Optional<Path> certFile, Optional<Path> keyFile,
                                Optional<String> keyPassword, Optional<Path> caFile, Optional<Path> truststoreDir,
                                Optional<String> hostname, List<String> tlsProtocols, int eventLoopThreads,
                                Optional<String> masterKey, boolean federationEnabled, String bindAddress,
                                int v2Port, int v2MaxMessageBytes, int v2QueueCapacity, int v1Port,
                                int v1MaxFrameBytes, java.time.Duration v1IdleTimeout, boolean latestSa,
                                io.takfed.connector.api.routing.FederationStrategy strategy,
                                io.takfed.connector.discovery.DiscoverySettings discovery,
                                java.time.Duration pkiReloadInterval) {

    public static final String DATA_DIR = "TAKFED_DATA_DIR";
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    @Override
    public String toString() {
        return "ConnectorSettings[dataDirectory=" + dataDirectory + ", certFile=" + certFile + ", keyFile=" + keyFile
                + ", caFile=" + caFile + ", truststoreDir=" + truststoreDir + ", hostname=" + hostname
                + ", tlsProtocols=" + tlsProtocols + ", eventLoopThreads=" + eventLoopThreads + ", federationEnabled="
                + federationEnabled + ", v1=" + bindAddress + ":" + v1Port + ", v2=" + bindAddress + ":" + v2Port + "]";
    }

    public static ConnectorSettings fromEnvironment() {
        return from(key -> Optional.ofNullable(System.getProperty(key)).orElseGet(() -> System.getenv(key)));
    }

    public static ConnectorSettings from(UnaryOperator<String> lookup) {
        Path data = Path.of(value(lookup, DATA_DIR).orElse("takfed-data")).toAbsolutePath().normalize();
        List<String> protocols = value(lookup, "TAKFED_TLS_PROTOCOLS")
                .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(DEFAULT_PROTOCOLS);
        for (String protocol : protocols) {
            if (!DEFAULT_PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException("TAKFED_TLS_PROTOCOLS: " + protocol
                        + " is below the floor; allowed are " + DEFAULT_PROTOCOLS);
            }
        }
        int threads = value(lookup, "TAKFED_EVENT_LOOP_THREADS").map(Integer::parseInt)
                .orElse(Math.max(2, Runtime.getRuntime().availableProcessors()));
        return new ConnectorSettings(data, path(lookup, "OTS_FEDERATION_CERT_FILE"),
                path(lookup, "OTS_FEDERATION_KEY_FILE"), value(lookup, "OTS_FEDERATION_KEY_PASSWORD"),
                path(lookup, "OTS_FEDERATION_CA_FILE"), path(lookup, "OTS_FEDERATION_TRUSTSTORE_DIR"),
                value(lookup, "TAKFED_HOSTNAME"), protocols, threads, value(lookup, "TAKFED_MASTER_KEY"),
                value(lookup, "OTS_ENABLE_FEDERATION").map(Boolean::parseBoolean).orElse(true),
                value(lookup, "OTS_FEDERATION_BIND_ADDRESS").orElse("0.0.0.0"),
                number(lookup, "OTS_FEDERATION_V2_PORT", 9001),
                number(lookup, "TAKFED_V2_MAX_MESSAGE_BYTES", 256 * 1024 * 1024),
                number(lookup, "TAKFED_V2_QUEUE_CAPACITY", 4096),
                number(lookup, "OTS_FEDERATION_V1_PORT", 9000),
                number(lookup, "TAKFED_V1_MAX_FRAME_BYTES", 32 * 1024 * 1024), // V1Codec.DEFAULT_MAX_FRAME_BYTES says why
                java.time.Duration.ofSeconds(number(lookup, "TAKFED_V1_IDLE_TIMEOUT", 0)),
                value(lookup, "TAKFED_LATEST_SA").map(Boolean::parseBoolean).orElse(true),
                value(lookup, "TAKFED_FEDERATION_STRATEGY").map(io.takfed.connector.api.routing.FederationStrategy::parse)
                        .orElse(io.takfed.connector.api.routing.FederationStrategy.ALLOW_DYNAMIC),
                new io.takfed.connector.discovery.DiscoverySettings(value(lookup, "TAKFED_DNS_SERVER"),
                        java.time.Duration.ofMillis(number(lookup, "TAKFED_DNS_TIMEOUT_MS", 3000)),
                        java.time.Duration.ofSeconds(number(lookup, "TAKFED_DNS_CACHE_MAX_TTL", 300)),
                        value(lookup, "TAKFED_SRV_V1_SERVICE")
                                .orElse(io.takfed.connector.discovery.DiscoverySettings.DEFAULT_V1_SERVICE),
                        value(lookup, "TAKFED_SRV_V2_SERVICE")
                                .orElse(io.takfed.connector.discovery.DiscoverySettings.DEFAULT_V2_SERVICE),
                        value(lookup, "TAKFED_FEDERATION_CN_FALLBACK").map(Boolean::parseBoolean).orElse(false)),
                java.time.Duration.ofSeconds(number(lookup, "TAKFED_PKI_RELOAD_INTERVAL", 10)));
    }

    private static Optional<String> value(UnaryOperator<String> lookup, String key) {
        return Optional.ofNullable(lookup.apply(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static int number(UnaryOperator<String> lookup, String key, int fallback) {
        String text = value(lookup, key).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + text + "'");
        }
    }

    private static Optional<Path> path(UnaryOperator<String> lookup, String key) {
        return value(lookup, key).map(Path::of);
    }
}

package io.takfed.configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * takfed's settings with their defaults, built from any key lookup (MicroProfile Config in the server, a map in
 * tests). Names are the environment variables of the seed document, so {@code OTS_*} works unchanged.
 */
public record TakfedSettings(Path dataDirectory, boolean federationEnabled, Optional<String> nodeId, int v1Port,
                             int v2Port, String bindAddress, Duration retryInterval, int maxRetries,
                             Duration heartbeatInterval, Optional<String> masterKey, Duration probeTimeout,
                             io.takfed.connector.api.routing.FederationStrategy strategy,
                             boolean allowFederatedDelete, long missionRecencySeconds,
                             boolean federateOnlyPublicMissions, boolean allowMissionFederation,
                             int maxJsonBytes) {

    public static TakfedSettings from(Function<String, Optional<String>> lookup) {
        Reader in = new Reader(lookup);
        return new TakfedSettings(
                Path.of(in.string("TAKFED_DATA_DIR", "takfed-data")).toAbsolutePath().normalize(),
                in.bool("OTS_ENABLE_FEDERATION", true),
                in.optional("OTS_NODE_ID"),
                in.port("OTS_FEDERATION_V1_PORT", 9000),
                in.port("OTS_FEDERATION_V2_PORT", 9001),
                in.string("OTS_FEDERATION_BIND_ADDRESS", "0.0.0.0"),
                Duration.ofSeconds(in.positive("OTS_FEDERATION_RETRY_INTERVAL", 60)),
                in.integer("OTS_FEDERATION_MAX_RETRIES", 5),
                Duration.ofSeconds(in.positive("OTS_FEDERATION_HEARTBEAT_INTERVAL", 30)),
                in.optional("TAKFED_MASTER_KEY"),
                Duration.ofSeconds(in.positive("TAKFED_PROBE_TIMEOUT", 10)),
                in.optional("TAKFED_FEDERATION_STRATEGY").map(io.takfed.connector.api.routing.FederationStrategy::parse)
                        .orElse(io.takfed.connector.api.routing.FederationStrategy.ALLOW_DYNAMIC),
                in.bool("TAKFED_ALLOW_FEDERATED_DELETE", false),
                recency(in.integer("TAKFED_MISSION_RECENCY_SECONDS", 43_200)),
                in.bool("TAKFED_FEDERATE_ONLY_PUBLIC_MISSIONS", false),
                in.bool("TAKFED_ALLOW_MISSION_FEDERATION", true),
                in.positive("TAKFED_MAX_JSON_BYTES", 1024 * 1024));
    }

    /** TAK's missionFederationDisruptionToleranceRecencySeconds: -1 replays everything since the cursor. */
    private static long recency(int seconds) {
        if (seconds < -1 || seconds == 0) {
            throw new IllegalArgumentException("TAKFED_MISSION_RECENCY_SECONDS must be -1 (unlimited) or positive, "
                    + "not " + seconds);
        }
        return seconds;
    }

    @Override
    public String toString() {
        return "TakfedSettings[dataDirectory=" + dataDirectory + ", federationEnabled=" + federationEnabled
                + ", nodeId=" + nodeId + ", v1Port=" + v1Port + ", v2Port=" + v2Port + ", bindAddress=" + bindAddress
                + ", retryInterval=" + retryInterval + ", maxRetries=" + maxRetries + ", heartbeatInterval="
                + heartbeatInterval + ", strategy=" + strategy.label() + ", federateOnlyPublicMissions="
                + federateOnlyPublicMissions + ", allowMissionFederation=" + allowMissionFederation + "]";
    }

    /** Parses values and names the offending key when one is malformed. */
    private record Reader(Function<String, Optional<String>> lookup) {

        Optional<String> optional(String key) {
            return lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty());
        }

        String string(String key, String fallback) {
            return optional(key).orElse(fallback);
        }

        boolean bool(String key, boolean fallback) {
            return optional(key).map(value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
            }).orElse(fallback);
        }

        int integer(String key, int fallback) {
            return optional(key).map(value -> {
                try {
                    return Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
                }
            }).orElse(fallback);
        }

        int positive(String key, int fallback) {
            int value = integer(key, fallback);
            if (value <= 0) {
                throw new IllegalArgumentException(key + " must be positive, not " + value);
            }
            return value;
        }

        int port(String key, int fallback) {
            int value = integer(key, fallback);
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException(key + " must be a port from 1 to 65535, not " + value);
            }
            return value;
        }
    }
}

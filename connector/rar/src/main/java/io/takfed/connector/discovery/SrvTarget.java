package io.takfed.connector.discovery;

/** One SRV target: host name lower-cased with its trailing dot stripped, as certificates name hosts. */
public record SrvTarget(String host, int port, int priority, int weight) {

    public SrvTarget {
        host = normalize(host);
    }

    /** Lower case, no trailing dot: the form both SAN matching and dialling use. */
    public static String normalize(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    @Override
    public String toString() {
        return host + ":" + port + " (priority " + priority + ", weight " + weight + ")";
    }
}

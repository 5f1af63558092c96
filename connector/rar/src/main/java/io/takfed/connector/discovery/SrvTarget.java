package io.takfed.connector.discovery;

/** One SRV target: host name lower-cased with its trailing dot stripped, as certificates name hosts. */
public record SrvTarget(String host, int port, int priority, int weight) {

    public SrvTarget {
        host = io.takfed.pki.HostnameMatch.normalize(host);
    }

    @Override
    public String toString() {
        return host + ":" + port + " (priority " + priority + ", weight " + weight + ")";
    }
}

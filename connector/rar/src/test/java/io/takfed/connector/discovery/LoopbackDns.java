package io.takfed.connector.discovery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/**
 * A real DNS server on a loopback UDP port, for tests: answers SRV questions from what the test set, counts
 * every query, and can fail (SERVFAIL) or stay silent (a timeout) for a name. Unknown names get NXDOMAIN without
 * an SOA, which resolvers must not cache.
 */
public final class LoopbackDns implements AutoCloseable {

    private interface Answer {
        Message answer(Message query);
    }

    private final DatagramSocket socket;
    private final Map<Name, Answer> zone = new ConcurrentHashMap<>();
    private final Map<Name, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong queries = new AtomicLong();
    private final Thread thread;

    public LoopbackDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code host:port}, the form of {@code TAKFED_DNS_SERVER}. */
    public String address() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    public SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()));
        resolver.setTimeout(java.time.Duration.ofMillis(500));
        return resolver;
    }

    /** One SRV record's data; independent of takfed's own types, so system tests can use it too. */
    public record Target(String host, int port, int priority, int weight) {
    }

    /** SRV records at {@code name}; a target of {@code "."} says the service is not offered. */
    public LoopbackDns srv(String name, long ttl, Target... targets) {
        Name owner = name(name);
        List<Record> records = java.util.Arrays.stream(targets).map(t -> (Record) new SRVRecord(owner, DClass.IN, ttl,
                t.priority(), t.weight(), t.port(), name(t.host()))).toList();
        zone.put(owner, query -> {
            Message response = reply(query, Rcode.NOERROR);
            records.forEach(r -> response.addRecord(r, Section.ANSWER));
            return response;
        });
        return this;
    }

    /** No such domain, with an SOA whose TTL and minimum bound the negative caching. */
    public LoopbackDns nxdomain(String name, long soaTtl, long soaMinimum) {
        Name owner = name(name);
        zone.put(owner, query -> {
            Message response = reply(query, Rcode.NXDOMAIN);
            response.addRecord(new SOARecord(name("example.test."), DClass.IN, soaTtl, name("ns.example.test."),
                    name("hostmaster.example.test."), 1, 3600, 600, 86400, soaMinimum), Section.AUTHORITY);
            return response;
        });
        return this;
    }

    public LoopbackDns servfail(String name) {
        zone.put(name(name), query -> reply(query, Rcode.SERVFAIL));
        return this;
    }

    /** Never answers: the resolver times out. */
    public LoopbackDns silent(String name) {
        zone.put(name(name), query -> null);
        return this;
    }

    public long queries() {
        return queries.get();
    }

    public long queries(String name) {
        AtomicLong count = counts.get(name(name));
        return count == null ? 0 : count.get();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Name asked = query.getQuestion().getName();
                queries.incrementAndGet();
                counts.computeIfAbsent(asked, n -> new AtomicLong()).incrementAndGet();
                Message response = zone.getOrDefault(asked, q -> reply(q, Rcode.NXDOMAIN)).answer(query);
                if (response != null) {
                    byte[] wire = response.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private static Message reply(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.getHeader().setRcode(rcode);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

package io.takfed.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.takfed.wire.v2.FederatedChannelGrpc;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.GeoEvent;
import io.grpc.MethodDescriptor.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The wire facts of spec section 3: names, paths, call kinds and field numbers that TAK peers depend on. */
class WireContractTest {

    @Test
    void theServiceHasTakExactPathsAndCallKinds() {
        Map<String, MethodType> methods = FederatedChannelGrpc.getServiceDescriptor().getMethods().stream()
                .collect(Collectors.toMap(m -> m.getFullMethodName(), m -> m.getType()));
        Map<String, MethodType> expected = Map.ofEntries(
                Map.entry("SendOneEvent", MethodType.UNARY),
                Map.entry("BinaryMessageStream", MethodType.CLIENT_STREAMING),
                Map.entry("SendOneBlob", MethodType.UNARY),
                Map.entry("getIdentity", MethodType.UNARY),
                Map.entry("ClientEventStream", MethodType.SERVER_STREAMING),
                Map.entry("ServerEventStream", MethodType.CLIENT_STREAMING),
                Map.entry("HealthCheck", MethodType.UNARY),
                Map.entry("ClientROLStream", MethodType.SERVER_STREAMING),
                Map.entry("ServerROLStream", MethodType.CLIENT_STREAMING),
                Map.entry("ServerFederateGroupsStream", MethodType.SERVER_STREAMING),
                Map.entry("ClientFederateGroupsStream", MethodType.CLIENT_STREAMING),
                Map.entry("GetAuthTokenByX509", MethodType.UNARY),
                Map.entry("Getx509Identity", MethodType.UNARY));
        assertEquals(13, methods.size());
        expected.forEach((name, kind) -> assertEquals(kind, methods.get("com.atakmap.FederatedChannel/" + name), name));
    }

    @Test
    void pointFieldsFourToEightKeepTheirPresenceEitherWay() throws Exception {
        // TAK 5.x leaves a zero lat/lon/hae/ce/le off the wire; older peers write it. Our schema keeps presence, so
        // the relay's bytes say exactly what the sender wrote.
        GeoEvent omitted = GeoEvent.newBuilder().setUid("u").setType("a-f-G").setLon(-71.06).build();
        GeoEvent parsed = GeoEvent.parseFrom(omitted.toByteArray());
        assertEquals(List.of(5, 9, 10), fieldNumbers(omitted.toByteArray()));
        assertFalse(parsed.hasLat(), "an absent lat stays absent");
        assertEquals(0.0, parsed.getLat(), "and reads as 0");
        GeoEvent written = GeoEvent.newBuilder().setUid("u").setLat(0).setCe(0).build();
        assertTrue(fieldNumbers(written.toByteArray()).containsAll(List.of(4, 7)), "a written 0 stays on the wire");
        assertTrue(GeoEvent.parseFrom(written.toByteArray()).hasLat());
    }

    @Test
    void fieldNumbersMatchTheSpecTables() throws Exception {
        FederatedEvent event = FederatedEvent.newBuilder()
                .setEvent((GeoEvent.newBuilder().setSendTime(1).setUid("u").setOther("<detail/>")
                        .setReleaseableTo("x").addBloads(io.takfed.wire.cop.BinaryPayload.newBuilder().setUuid("b"))))
                .addFederateGroups("g").addFederateProvenance(io.takfed.wire.v2.FederateProvenance.newBuilder()
                        .setFederationServerId("n1"))
                .setFederateHops(io.takfed.wire.v2.FederateHops.newBuilder().setMaxHops(3).setCurrentHops(1))
                .build();
        assertEquals(List.of(1, 3, 4, 5), fieldNumbers(event.toByteArray()));
        List<Integer> geo = fieldNumbers(event.getEvent().toByteArray());
        assertTrue(geo.containsAll(List.of(1, 9, 12, 29, 30)), geo.toString());
        assertArrayEquals(event.toByteArray(), FederatedEvent.parseFrom(event.toByteArray()).toByteArray());
    }

    @Test
    void aFrameReadsAndWritesEveryFederatedEventByteForByte() throws Exception {
        FederatedEvent event = FederatedEvent.newBuilder()
                .setEvent((GeoEvent.newBuilder().setUid("u").setOther("<detail/>")))
                .addFederateGroups("blue").setFederateHops(io.takfed.wire.v2.FederateHops.newBuilder().setCurrentHops(2))
                .build();
        io.takfed.wire.v2.FederatedFrame frame = Frames.of(event);
        assertArrayEquals(event.toByteArray(), frame.toByteArray());
        assertEquals(List.of("blue"), frame.getFederateGroupsList());
        assertEquals(2, frame.getFederateHops().getCurrentHops());
        assertEquals(event, Frames.event(frame));
        FederatedEvent emptyEvent = FederatedEvent.newBuilder().setEvent(GeoEvent.getDefaultInstance()).build();
        assertTrue(Frames.of(emptyEvent).hasEvent(), "an empty but present GeoEvent stays present");
        assertArrayEquals(emptyEvent.toByteArray(), Frames.of(emptyEvent).toByteArray());
        var contact = io.takfed.wire.v2.ContactListEntry.newBuilder().setUid("c").setCallsign("C")
                .setOperation(io.takfed.wire.v2.CRUD.CREATE).build();
        assertEquals(contact, Frames.event(Frames.of(contact)).getContact());
        assertEquals(contact, Frames.contact(Frames.of(contact)).orElseThrow());
    }

    @Test
    void aFramesEventHeaderIsReadWithoutDecodingTheEvent() {
        FederatedEvent event = FederatedEvent.newBuilder().setEvent((GeoEvent.newBuilder()
                .setUid("ANDROID-1").setType("a-f-G-U-C").setStaleTime(1_700_000_060_000L).setOther("<detail/>")))
                .build();
        assertEquals(new Frames.EventHeader("ANDROID-1", "a-f-G-U-C", 1_700_000_060_000L),
                Frames.header(Frames.of(event)).orElseThrow());
        assertTrue(Frames.header(Frames.of(io.takfed.wire.v2.ContactListEntry.newBuilder().setUid("c").build()))
                .isEmpty(), "a contact has no event header");
        io.takfed.wire.v2.FederatedFrame broken = io.takfed.wire.v2.FederatedFrame.newBuilder()
                .setEvent(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) 0xFF})).build();
        assertTrue(Frames.header(broken).isEmpty(), "bytes that are no GeoEvent have no header");
    }

    @Test
    void frameTypedEventStreamsKeepTakNamesAndKinds() {
        assertEquals(FederatedChannelGrpc.getClientEventStreamMethod().getFullMethodName(),
                Frames.CLIENT_EVENT_STREAM.getFullMethodName());
        assertEquals(MethodType.SERVER_STREAMING, Frames.CLIENT_EVENT_STREAM.getType());
        assertEquals(FederatedChannelGrpc.getServerEventStreamMethod().getFullMethodName(),
                Frames.SERVER_EVENT_STREAM.getFullMethodName());
        assertEquals(MethodType.CLIENT_STREAMING, Frames.SERVER_EVENT_STREAM.getType());
    }

    private static List<Integer> fieldNumbers(byte[] bytes) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        List<Integer> numbers = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            numbers.add(WireFormat.getTagFieldNumber(tag));
            in.skipField(tag);
        }
        return numbers;
    }
}

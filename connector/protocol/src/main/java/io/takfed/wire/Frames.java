package io.takfed.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.takfed.wire.v2.ContactListEntry;
import io.takfed.wire.v2.FederatedChannelGrpc;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.FederatedFrame;
import io.takfed.wire.v2.Subscription;
import java.util.Optional;

/**
 * The relay's view of {@code FederatedEvent}: conversions, and the two event-stream RPCs typed with
 * {@link FederatedFrame}. The RPCs keep TAK's method names and call kinds; only the Java type of the message
 * differs, so a peer cannot tell, and the relay never decodes the GeoEvent it passes on.
 */
public final class Frames {

    private static final MethodDescriptor.Marshaller<FederatedFrame> FRAME =
            ProtoUtils.marshaller(FederatedFrame.getDefaultInstance());
    private static final MethodDescriptor.Marshaller<Subscription> SUBSCRIPTION =
            ProtoUtils.marshaller(Subscription.getDefaultInstance());

    /** {@code ClientEventStream}: the server's events to the client. */
    public static final MethodDescriptor<Subscription, FederatedFrame> CLIENT_EVENT_STREAM =
            FederatedChannelGrpc.getClientEventStreamMethod().toBuilder(SUBSCRIPTION, FRAME).build();

    /** {@code ServerEventStream}: the client's events to the server. */
    public static final MethodDescriptor<FederatedFrame, Subscription> SERVER_EVENT_STREAM =
            FederatedChannelGrpc.getServerEventStreamMethod().toBuilder(FRAME, SUBSCRIPTION).build();

    private Frames() {
    }

    public static FederatedFrame of(FederatedEvent event) {
        return parse(event.toByteString());
    }

    public static FederatedFrame of(ContactListEntry contact) {
        return FederatedFrame.newBuilder().setContact(contact.toByteString()).build();
    }

    /** The frame as the generated message, for code that reads the GeoEvent (tests, mission federation). */
    public static FederatedEvent event(FederatedFrame frame) {
        try {
            return FederatedEvent.parseFrom(frame.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the frame does not hold a valid FederatedEvent", e);
        }
    }

    /** Reads a serialized FederatedEvent; only the routing envelope is decoded. */
    public static FederatedFrame parse(ByteString bytes) {
        try {
            return FederatedFrame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a FederatedEvent: " + e.getMessage(), e);
        }
    }

    /** What routing may need of a GeoEvent without decoding it: its uid, CoT type and stale time. */
    public record EventHeader(String uid, String type, long staleTime) {
    }

    private static final int STALE_TIME = 3;
    private static final int UID = 9;
    private static final int TYPE = 10;

    /**
     * Reads fields 3, 9 and 10 of the frame's GeoEvent and skips the rest (the detail XML is the bulk of an event
     * and is never decoded); empty when the frame carries no event or the bytes are not one.
     */
    public static Optional<EventHeader> header(FederatedFrame frame) {
        if (!frame.hasEvent()) {
            return Optional.empty();
        }
        try {
            com.google.protobuf.CodedInputStream in = frame.getEvent().newCodedInput();
            String uid = "";
            String type = "";
            long stale = 0;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (com.google.protobuf.WireFormat.getTagFieldNumber(tag)) {
                    case STALE_TIME -> stale = in.readInt64();
                    case UID -> uid = in.readStringRequireUtf8();
                    case TYPE -> type = in.readStringRequireUtf8();
                    default -> in.skipField(tag);
                }
            }
            return Optional.of(new EventHeader(uid, type, stale));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The contact a frame carries; empty when it carries none or its bytes are not a contact entry. */
    public static Optional<ContactListEntry> contact(FederatedFrame frame) {
        if (!frame.hasContact()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContactListEntry.parseFrom(frame.getContact()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}

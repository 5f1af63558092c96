package io.takfed.connector.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.takfed.connector.api.FederationFailure;
import io.takfed.wire.Frames;
import io.takfed.connector.v2.TakEvents;
import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.FederatedFrame;
import io.takfed.wire.v2.GeoEvent;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** v1 framing without sockets: split, merged, oversize, corrupt and zero-length input, and what we write. */
class V1CodecTest {

    private static final int MAX = 1024;

    private static EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        V1Codec.install(channel.pipeline(), MAX);
        return channel;
    }

    private static FederatedEvent pli(String uid) {
        return FederatedEvent.newBuilder().setEvent(TakEvents.asTakEncodes(GeoEvent.newBuilder().setUid(uid)
                .setType("a-f-G-U-C").setOther("<detail><contact callsign=\"" + uid + "\"/></detail>"))).build();
    }

    private static byte[] framed(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    @Test
    void aFrameSplitAcrossReadsIsReassembled() {
        EmbeddedChannel channel = channel();
        byte[] wire = framed(pli("split").toByteArray());
        channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, 2));
        channel.writeInbound(Unpooled.wrappedBuffer(wire, 2, 5));
        assertNull(channel.readInbound(), "nothing before the whole frame is in");
        channel.writeInbound(Unpooled.wrappedBuffer(wire, 7, wire.length - 7));
        FederatedFrame frame = channel.readInbound();
        assertEquals(pli("split"), Frames.event(frame));
        channel.finishAndReleaseAll();
    }

    @Test
    void framesMergedInOneReadAreSeparated() {
        EmbeddedChannel channel = channel();
        byte[] one = framed(pli("one").toByteArray());
        byte[] two = framed(pli("two").toByteArray());
        ByteBuf both = Unpooled.buffer().writeBytes(one).writeBytes(two);
        channel.writeInbound(both);
        assertEquals("one", Frames.event(channel.readInbound()).getEvent().getUid());
        assertEquals("two", Frames.event(channel.readInbound()).getEvent().getUid());
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }

    @Test
    void aFrameAboveTheMaximumIsFrameTooLargeBeforeItIsBuffered() {
        EmbeddedChannel channel = channel();
        // Only the header arrives: the length alone condemns the frame (fail fast, nothing buffered).
        Exception failure = assertThrows(Exception.class,
                () -> channel.writeInbound(Unpooled.buffer().writeInt(MAX + 1)));
        assertEquals(FederationFailure.FRAME_TOO_LARGE, V1Link.classify(failure));
        channel.finishAndReleaseAll();
    }

    @Test
    void aFrameOfExactlyTheMaximumIsAccepted() {
        EmbeddedChannel channel = channel();
        byte[] payload = FederatedEvent.newBuilder().setEvent(GeoEvent.newBuilder().setOther("x".repeat(MAX - 20)))
                .build().toByteArray();
        byte[] exact = new byte[MAX];
        System.arraycopy(payload, 0, exact, 0, payload.length);
        // Pad with a field the relay does not know (field 15, bytes): still a valid FederatedEvent of MAX bytes.
        int pad = MAX - payload.length - 2;
        exact[payload.length] = (byte) (15 << 3 | 2);
        exact[payload.length + 1] = (byte) pad;
        channel.writeInbound(Unpooled.wrappedBuffer(framed(exact)));
        FederatedFrame frame = channel.readInbound();
        assertArrayEquals(exact, frame.toByteArray(), "unknown fields pass through too");
        channel.finishAndReleaseAll();
    }

    @Test
    void bytesThatAreNoFederatedEventAreAProtocolError() {
        EmbeddedChannel channel = channel();
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        Exception failure = assertThrows(Exception.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(framed(garbage))));
        assertEquals(FederationFailure.PROTOCOL_ERROR, V1Link.classify(failure));
        channel.finishAndReleaseAll();
    }

    @Test
    void aNegativeLengthIsAProtocolError() {
        EmbeddedChannel channel = channel();
        Exception failure = assertThrows(Exception.class,
                () -> channel.writeInbound(Unpooled.buffer().writeInt(-5).writeBytes(new byte[8])));
        assertEquals(FederationFailure.PROTOCOL_ERROR, V1Link.classify(failure));
        // In a link the first failure closes the channel; here the decoder meets the same bytes again at close.
        assertThrows(io.netty.handler.codec.CorruptedFrameException.class, channel::finishAndReleaseAll);
    }

    @Test
    void aZeroLengthFrameIsAnEmptyFrame() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(Unpooled.buffer().writeInt(0));
        FederatedFrame frame = channel.readInbound();
        assertFalse(frame.hasEvent());
        assertFalse(frame.hasContact());
        channel.finishAndReleaseAll();
    }

    @Test
    void weWriteALengthPrefixAndTheFederatedEventBytes() {
        EmbeddedChannel channel = channel();
        FederatedEvent event = pli("out");
        channel.writeOutbound(Frames.of(event));
        ByteBuf written = Unpooled.buffer();
        for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
            written.writeBytes(part);
            part.release();
        }
        byte[] bytes = new byte[written.readableBytes()];
        written.readBytes(bytes);
        assertArrayEquals(framed(event.toByteArray()), bytes);
        channel.finishAndReleaseAll();
    }
}

package io.takfed.connector.v1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.takfed.wire.v2.FederatedFrame;

/**
 * v1 framing (spec 5.2) from Netty's stock codecs: a 4-byte big-endian length, then a serialized
 * {@code FederatedEvent}, read as a {@link FederatedFrame} so the GeoEvent passes through undecoded.
 */
public final class V1Codec {

    /**
     * Largest frame accepted by default, configurable. TAK's v1 reader has no limit (spec 3.8), so ours must carry
     * the largest frame a TAK server sends: v1 carries only what its own clients sent it (TAK never re-federates),
     * and TAK's XML CoT input drops any event over 8,388,608 characters. Such an event, its image base64 shrunk to
     * bytes, is at most 3 bytes a character in UTF-8, 24 MiB, plus the FederatedEvent around it: 32 MiB carries it.
     * The frame is buffered only as its bytes arrive, so the limit costs nothing until a peer sends that much.
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 32 * 1024 * 1024;
    private static final int LENGTH_BYTES = 4;

    private V1Codec() {
    }

    /** Adds the framing after whatever is already there (TLS, idle detection). */
    public static void install(ChannelPipeline pipeline, int maxFrameBytes) {
        // The decoder's limit counts the length field too; failFast closes before buffering an oversize frame.
        pipeline.addLast("v1-frames", new SignedLengthDecoder(maxFrameBytes + LENGTH_BYTES));
        pipeline.addLast("v1-decode", new ProtobufDecoder(FederatedFrame.getDefaultInstance()));
        pipeline.addLast("v1-length", new LengthFieldPrepender(LENGTH_BYTES));
        pipeline.addLast("v1-encode", new ProtobufEncoder());
    }

    /**
     * TAK writes the length with {@code ByteBuffer.putInt}: a signed int. The stock decoder reads it unsigned, which
     * would make a negative length look merely too large; it is a corrupt frame.
     */
    private static final class SignedLengthDecoder extends LengthFieldBasedFrameDecoder {
        SignedLengthDecoder(int maxFrameLength) {
            super(maxFrameLength, 0, LENGTH_BYTES, 0, LENGTH_BYTES, true);
        }

        @Override
        protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, java.nio.ByteOrder order) {
            int value = buf.getInt(offset);
            if (value < 0) {
                throw new CorruptedFrameException("negative v1 frame length " + value);
            }
            return value;
        }
    }
}

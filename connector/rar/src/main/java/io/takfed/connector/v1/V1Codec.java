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

    /** Largest frame accepted by default (a CoT event with an image fits many times over); configurable. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;
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

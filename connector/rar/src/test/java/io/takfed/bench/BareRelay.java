package io.takfed.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * The baseline: a bare mutual-TLS relay with no business logic. Same JDK TLS, same certificates and suites, and
 * takfed's flush policy (writes coalesced, one flush per read batch); frames from the producer port go to every
 * consumer.
 */
final class BareRelay implements AutoCloseable {

    private final ChannelGroup consumers = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel producerPort;
    private final Channel consumerPort;
    private final EventLoopGroup loops;

    BareRelay(EventLoopGroup loops, SslContext server) throws InterruptedException {
        this.loops = loops;
        producerPort = bind(server, () -> new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                consumers.write(frame.retainedDuplicate());
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                // One flush per read batch, as takfed coalesces its writes: the same flush policy on both sides.
                consumers.flush();
            }
        });
        consumerPort = bind(server, () -> new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                consumers.add(ctx.channel());
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            }
        });
    }

    private Channel bind(SslContext server, java.util.function.Supplier<SimpleChannelInboundHandler<ByteBuf>> handler)
            throws InterruptedException {
        return new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(server.newHandler(ch.alloc()), new LengthFieldBasedFrameDecoder(
                                16 * 1024 * 1024, 0, 4, 0, 4), new LengthFieldPrepender(4), handler.get());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int producerPort() {
        return ((InetSocketAddress) producerPort.localAddress()).getPort();
    }

    int consumerPort() {
        return ((InetSocketAddress) consumerPort.localAddress()).getPort();
    }

    int consumers() {
        return consumers.size();
    }

    static Channel connect(EventLoopGroup loops, SslContext client, int port, Consumer<ByteBuf> sink)
            throws InterruptedException {
        Channel channel = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(client.newHandler(ch.alloc(), "localhost", port),
                                new LengthFieldBasedFrameDecoder(16 * 1024 * 1024, 0, 4, 0, 4),
                                new LengthFieldPrepender(4), new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        sink.accept(frame);
                                    }
                                });
                    }
                }).connect("127.0.0.1", port).sync().channel();
        channel.pipeline().get(io.netty.handler.ssl.SslHandler.class).handshakeFuture().sync();
        return channel;
    }

    static void send(Channel producer, byte[] message) {
        producer.writeAndFlush(Unpooled.wrappedBuffer(message));
    }

    @Override
    public void close() {
        consumers.close().syncUninterruptibly();
        producerPort.close().syncUninterruptibly();
        consumerPort.close().syncUninterruptibly();
    }
}

package io.takfed.connector.v2;

import io.grpc.stub.CallStreamObserver;
import io.takfed.connector.routing.OutboundQueue;
import io.takfed.wire.v2.FederatedFrame;

/** An outbound queue's sink on a gRPC event stream: written while the stream is ready, drained when it becomes so. */
final class StreamSink implements OutboundQueue.Sink {

    private final CallStreamObserver<FederatedFrame> stream;

    private StreamSink(CallStreamObserver<FederatedFrame> stream) {
        this.stream = stream;
    }

    /** Binds the stream to the queue; call while the gRPC call is being set up, before its first onReady. */
    static void attach(OutboundQueue queue, CallStreamObserver<FederatedFrame> stream) {
        queue.attach(new StreamSink(stream));
        stream.setOnReadyHandler(queue::drain);
    }

    @Override
    public boolean ready() {
        return stream.isReady();
    }

    @Override
    public void write(FederatedFrame frame) {
        stream.onNext(frame);
    }
}

package io.takfed.connector.v2;

import io.grpc.stub.StreamObserver;

/** A stream observer that ignores everything: for raw streams whose answers TAK ignores too. */
final class Ignoring<T> implements StreamObserver<T> {

    @Override
    public void onNext(T value) {
    }

    @Override
    public void onError(Throwable t) {
    }

    @Override
    public void onCompleted() {
    }
}

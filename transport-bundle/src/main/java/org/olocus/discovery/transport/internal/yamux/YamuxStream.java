package org.olocus.discovery.transport.internal.yamux;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/** One Yamux stream's windows, queued output and half-close state; owned by its {@link YamuxSession}. */
final class YamuxStream {
    final int id;
    /** Bytes the remote still lets us send. */
    long sendWindow;
    /** Bytes we still let the remote send. */
    long receiveWindow;
    /** Bytes delivered to the handler but not yet reported consumed. */
    long unconsumed;
    /** Bytes received and consumed but not yet granted back by a window update. */
    long consumedUngranted;
    /** Data waiting for send window; arrays are owned by the stream once written. */
    final ArrayDeque<Write> pending = new ArrayDeque<>();
    int pendingOffset;
    long pendingBytes;
    boolean finRequested;
    boolean localClosed;
    boolean remoteClosed;

    YamuxStream(int id, long initialWindow) {
        this.id = id;
        this.sendWindow = initialWindow;
        this.receiveWindow = initialWindow;
    }

    boolean isFinished() {
        return localClosed && remoteClosed;
    }

    /** Fails every queued write (the stream was reset or the session ended) and drops its bytes. */
    long failPending(Throwable cause) {
        long dropped = pendingBytes;
        Write w;
        while ((w = pending.poll()) != null) {
            if (w.sent != null) {
                w.sent.completeExceptionally(cause);
            }
        }
        pendingOffset = 0;
        pendingBytes = 0;
        return dropped;
    }

    /**
     * One queued write; {@code sent} (may be {@code null}) completes once its last byte left the queue, i.e. the
     * remote's window admitted it.
     */
    record Write(byte[] data, CompletableFuture<Void> sent) {
    }
}

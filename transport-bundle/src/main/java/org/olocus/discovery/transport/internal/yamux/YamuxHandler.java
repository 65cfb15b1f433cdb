package org.olocus.discovery.transport.internal.yamux;

/**
 * What a {@link YamuxSession} reports to its owner. Called on the thread that feeds the session; a handler may
 * call back into the session (for example write an echo) from these methods.
 */
public interface YamuxHandler {
    /** The remote opened stream {@code streamId}. */
    void onInboundStream(int streamId);

    /** Data arrived on a stream. The session counts it consumed once this returns. */
    void onData(int streamId, byte[] data);

    /** The remote finished writing on a stream (FIN). */
    void onRemoteClose(int streamId);

    /** The remote reset a stream, or refused one we opened. */
    void onReset(int streamId);

    /** Our ping with {@code opaque} was answered. */
    default void onPong(long opaque) {
    }

    /** The remote will accept no new streams. */
    default void onGoAway(long code) {
    }
}

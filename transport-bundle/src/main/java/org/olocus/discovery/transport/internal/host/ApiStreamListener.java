package org.olocus.discovery.transport.internal.host;

import java.io.IOException;

import org.olocus.discovery.api.StreamReceiver;
import org.olocus.discovery.transport.internal.connection.Libp2pStream;
import org.olocus.discovery.transport.internal.connection.StreamListener;

/**
 * Bridges the host's internal {@link StreamListener} to the api's {@link StreamReceiver}: same calls, same order,
 * on the connection's I/O thread, with the stream's one {@link ApiStream}. An exception from the receiver
 * propagates so that the host resets that stream only.
 */
final class ApiStreamListener implements StreamListener {
    private final ApiStream stream;
    private final StreamReceiver receiver;

    ApiStreamListener(ApiStream stream, StreamReceiver receiver) {
        this.stream = stream;
        this.receiver = receiver;
    }

    @Override
    public void onData(Libp2pStream s, byte[] data) {
        receiver.onData(stream, data);
    }

    @Override
    public void onRemoteClose(Libp2pStream s) {
        stream.remoteClosed();
        receiver.onRemoteClose(stream);
    }

    @Override
    public void onReset(Libp2pStream s) {
        stream.wasReset();
        receiver.onReset(stream, new IOException(stream + " was reset, or its connection closed"));
    }
}

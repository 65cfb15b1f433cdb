package org.olocus.discovery.transport.internal.host;

import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;

/** Turns what the libp2p host fails with into the api's {@link DiscoveryException} (kinds TIMEOUT or NETWORK). */
public final class TransportErrors {
    private TransportErrors() {
    }

    /** {@code cause} (unwrapped) as a {@link DiscoveryException} whose message starts with {@code what}. */
    public static DiscoveryException of(String what, Throwable cause) {
        Throwable c = unwrap(cause);
        if (c instanceof DiscoveryException d) {
            return d;
        }
        DiscoveryException.Kind kind = isTimeout(c) ? DiscoveryException.Kind.TIMEOUT : DiscoveryException.Kind.NETWORK;
        return new DiscoveryException(kind, what + ": " + describe(c), c);
    }

    /**
     * A failed connect to {@code address}: a {@link WrongPeerException} (carrying the id that answered) when the
     * handshake proved another peer, otherwise {@link #of}.
     */
    static DiscoveryException connectFailed(Multiaddr address, Throwable cause) {
        String what = "connect to " + address + " failed";
        if (unwrap(cause) instanceof PeerIdMismatchException mismatch) {
            return new WrongPeerException(what, address.withoutPeerId(), mismatch);
        }
        return of(what, cause);
    }

    /** A future already failed with {@code of(what, cause)}. */
    static <T> CompletableFuture<T> failed(String what, Throwable cause) {
        return CompletableFuture.failedFuture(of(what, cause));
    }

    /** A future already failed with a NETWORK error. */
    static <T> CompletableFuture<T> failed(String message) {
        return CompletableFuture.failedFuture(new DiscoveryException(DiscoveryException.Kind.NETWORK, message));
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    static boolean isTimeout(Throwable c) {
        // Netty's ConnectTimeoutException is a ConnectException whose name says so
        return c instanceof TimeoutException
                || (c instanceof ConnectException && c.getClass().getSimpleName().contains("Timeout"));
    }

    static String describe(Throwable c) {
        String message = c.getMessage();
        return message == null || message.isBlank() ? c.getClass().getSimpleName() : message;
    }
}

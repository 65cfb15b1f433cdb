package org.olocus.discovery.transport.internal.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;

/**
 * A {@code Host.connect} whose handshake proved another peer than the one dialled (kind {@code NETWORK}); the
 * connection was refused. It carries the id that actually answered, so that a caller can record the false claim.
 * {@code connect(peer, addresses)} fails with one exception for all its addresses, and those of its addresses that
 * answered as another peer are among its suppressed exceptions: {@link #in(Throwable)} finds them either way.
 */
public final class WrongPeerException extends DiscoveryException {
    private static final long serialVersionUID = 1L;
    private final transient Multiaddr address;
    private final transient PeerId expected;
    private final transient PeerId actual;

    /** @param address the transport address dialled (without {@code /p2p}) */
    WrongPeerException(String what, Multiaddr address, PeerIdMismatchException mismatch) {
        super(Kind.NETWORK, what + ": " + mismatch.getMessage(), mismatch);
        this.address = address;
        this.expected = mismatch.expected();
        this.actual = mismatch.actual();
    }

    /** The transport address dialled (without {@code /p2p}). */
    public Multiaddr address() {
        return address;
    }

    /** The peer we dialled, as the discovery source claimed it to be at {@link #address()}. */
    public PeerId expected() {
        return expected;
    }

    /** The peer whose key the Noise handshake proved at {@link #address()}. */
    public PeerId actual() {
        return actual;
    }

    /**
     * The wrong-peer failures in a failure of {@code Host.connect} (as thrown or as a future's
     * {@link CompletionException} / {@link ExecutionException}): the failure itself, or the suppressed ones of a
     * {@code connect(peer, addresses)}; empty when no address answered as another peer.
     */
    public static List<WrongPeerException> in(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        List<WrongPeerException> out = new ArrayList<>();
        if (t instanceof WrongPeerException w) {
            out.add(w);
        } else if (t != null) {
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof WrongPeerException w) {
                    out.add(w);
                }
            }
        }
        return out;
    }
}

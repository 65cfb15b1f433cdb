package org.olocus.discovery.transport.internal.host;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.connection.DialBackoffException;
import org.olocus.discovery.transport.internal.connection.DialRefusedException;

/**
 * Why each address of one {@code Host.connect(peer, addresses)} gave no connection, and the one exception it then
 * fails with: a message listing every address with its reason (refused, timed out, in dial backoff until …, wrong
 * peer id, …), and each address's own exception as a suppressed one, so that a caller can still reach the details
 * ({@link WrongPeerException#in}).
 */
final class ConnectFailures {
    private final PeerId peer;
    private final List<String> reasons = new ArrayList<>();
    private final List<DiscoveryException> failures = new ArrayList<>();

    ConnectFailures(PeerId peer) {
        this.peer = peer;
    }

    /** {@code address} names another peer in its {@code /p2p}: not dialled. */
    void namesAnotherPeer(Multiaddr address, PeerId named) {
        reasons.add(address + " not dialled (it names peer " + named + ")");
    }

    /** A connect to {@code address} failed with {@code failure} (from {@code Host.connect(Multiaddr)}). */
    void failed(Multiaddr address, DiscoveryException failure) {
        reasons.add(address + " " + reason(failure));
        failures.add(failure);
    }

    /** The failure of the whole connect (kind {@code NETWORK}). */
    DiscoveryException exception() {
        DiscoveryException e = new DiscoveryException(DiscoveryException.Kind.NETWORK, "cannot connect to " + peer
                + " at any of its " + reasons.size() + (reasons.size() == 1 ? " address: " : " addresses: ")
                + String.join("; ", reasons));
        failures.forEach(e::addSuppressed);
        return e;
    }

    /** One address's reason in a few words, then the detail. */
    static String reason(DiscoveryException failure) {
        if (failure instanceof WrongPeerException w) {
            return "wrong peer id (answered as " + w.actual() + ")";
        }
        Throwable c = failure.getCause() != null ? failure.getCause() : failure;
        if (c instanceof DialBackoffException b) {
            return "in dial backoff until " + b.until() + " (" + b.reason() + ")";
        }
        String detail = " (" + TransportErrors.describe(c) + ")";
        if (failure.kind() == DiscoveryException.Kind.TIMEOUT || TransportErrors.isTimeout(c)) {
            return "timed out" + detail;
        }
        if (c instanceof ConnectException) {
            return "refused" + detail;
        }
        if (c instanceof DialRefusedException) {
            return "not dialled" + detail;
        }
        return "failed" + detail;
    }
}

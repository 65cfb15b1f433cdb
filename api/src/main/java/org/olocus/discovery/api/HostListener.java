package org.olocus.discovery.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: hears the {@link Host}'s connection events. Calls come in order from one thread of the
 * transport bundle; a listener that throws is logged and skipped, not removed. A listener registered late hears
 * {@link #connected} for the connections already open.
 */
@ConsumerType
public interface HostListener {
    /** A connection finished its upgrade (the remote's id is proven). */
    default void connected(PeerConnection connection) {
    }

    /** The remote answered identify, or pushed an update. */
    default void identified(PeerConnection connection, IdentifyInfo info) {
    }

    /** A connection closed. */
    default void disconnected(PeerConnection connection) {
    }
}

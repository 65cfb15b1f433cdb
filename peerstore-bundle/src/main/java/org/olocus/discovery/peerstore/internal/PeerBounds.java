package org.olocus.discovery.peerstore.internal;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerLimits;

/**
 * How much the store keeps of one peer. The merge rules enforce these bounds and the codec refuses anything
 * beyond them, so every stored peer can be written and read back.
 */
final class PeerBounds {
    /** Addresses kept per peer; the oldest go first when a report brings more. */
    static final int MAX_ADDRESSES = 32;
    /** Protocol ids kept per peer. */
    static final int MAX_PROTOCOLS = 64;
    /** Longest protocol id, in UTF-8 bytes; longer ones are dropped. */
    static final int MAX_PROTOCOL_BYTES = 256;
    /** Longest agent version kept, in UTF-8 bytes; a longer one is cut. */
    static final int MAX_AGENT_BYTES = 256;
    /** Longest binary multiaddr (the api's own bound, 1 KiB). */
    static final int MAX_ADDRESS_BYTES = Multiaddr.MAX_BYTES;
    /** Largest encoded record; a bounded peer needs under 50 KiB. */
    static final int MAX_RECORD_BYTES = 64 * 1024;

    /** No limit at all: used while loading or copying, before the configured limits trim the result. */
    static final PeerLimits NO_LIMITS = new PeerLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    private PeerBounds() {
    }
}

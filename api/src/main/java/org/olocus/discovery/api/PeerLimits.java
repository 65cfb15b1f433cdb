package org.olocus.discovery.api;

/**
 * The spec's {@code PeerLimits}: at most {@code maxPeers} peers known, and at most {@code maxInbound} /
 * {@code maxOutbound} of them connected in each direction.
 */
public record PeerLimits(int maxPeers, int maxInbound, int maxOutbound) {
    /** The spec's defaults: 100 peers, 50 inbound, 50 outbound. */
    public static final PeerLimits DEFAULT = new PeerLimits(100, 50, 50);

    public PeerLimits {
        if (maxPeers < 1) {
            throw new IllegalArgumentException("max_peers must be at least 1, not " + maxPeers);
        }
        if (maxInbound < 0) {
            throw new IllegalArgumentException("max_inbound must not be negative, not " + maxInbound);
        }
        if (maxOutbound < 0) {
            throw new IllegalArgumentException("max_outbound must not be negative, not " + maxOutbound);
        }
    }

    /** The limit for connected peers in {@code direction} ({@link Integer#MAX_VALUE} for {@code NONE}). */
    public int limitFor(ConnectionDirection direction) {
        return switch (direction) {
            case INBOUND -> maxInbound;
            case OUTBOUND -> maxOutbound;
            case NONE -> Integer.MAX_VALUE;
        };
    }
}

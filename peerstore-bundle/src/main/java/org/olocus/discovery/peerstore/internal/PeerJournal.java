package org.olocus.discovery.peerstore.internal;

/**
 * Where {@link MemoryPeerStore} records a change before applying it; the persistent store writes it to disk.
 * An exception refuses the change: the in-memory view stays as it was. Calls come one at a time (the store's
 * writer lock), never concurrently.
 */
@FunctionalInterface
interface PeerJournal {
    /** Keeps nothing: a store that lives in memory only. */
    PeerJournal NONE = change -> {
    };

    void record(Change change);
}

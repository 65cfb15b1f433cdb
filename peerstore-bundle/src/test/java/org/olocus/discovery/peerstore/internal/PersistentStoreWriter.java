package org.olocus.discovery.peerstore.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerLimits;

/**
 * Child process of {@link PersistentPeerStoreKillTest}: opens a store and adds peers one by one, printing
 * {@code committed <i> <peer id>} after each add has returned, until it is killed.
 * Arguments: store path, number of peers to add.
 */
public final class PersistentStoreWriter {
    private PersistentStoreWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Random random = new Random();
        PersistentPeerStore store = PersistentPeerStore.open(path, new PeerLimits(count + 1, 10, 10));
        for (int i = 0; i < count; i++) {
            PeerId id = TestPeers.randomId(random);
            store.add(TestPeers.peer(id, Instant.now()));
            System.out.println("committed " + i + " " + id.toBase58());
            System.out.flush();
        }
        store.close();
    }
}

package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;

/** A store file written by Olocus 0.1 (records of format 1) opens under api 2.0 and is migrated, losing nothing. */
class PersistentPeerStoreMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aFormatOneStoreOpensWithEveryPeerAndIsRewrittenInFormatTwo() throws Exception {
        Path file = dir.resolve("peers.mv");
        List<PeerInfo> written = new ArrayList<>();
        MVStore raw = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<byte[], byte[]> map = raw.openMap("peers",
                new MVMap.Builder<byte[], byte[]>().valueType(ByteArrayDataType.INSTANCE));
        for (int i = 0; i < 50; i++) {
            PeerInfo p = new PeerInfo(TestPeers.ed25519Id(), List.of(Multiaddr.parse("/ip4/10.0.1." + i + "/tcp/4001")),
                    Set.of("/ipfs/id/1.0.0"), TestPeers.T0.plusSeconds(i), ConnectionStatus.DISCONNECTED,
                    ConnectionDirection.NONE, i % 7, Set.of(DiscoveryType.MDNS, DiscoveryType.DNS));
            written.add(p);
            map.put(p.id().toBytes(), PeerInfoCodecFormatTest.formatOne(p));
        }
        raw.close();

        try (PersistentPeerStore store = PersistentPeerStore.open(file, new PeerLimits(1000, 100, 100))) {
            assertEquals(50, store.size());
            for (PeerInfo p : written) {
                PeerInfo back = store.get(p.id()).orElseThrow();
                assertEquals(p, back);
                assertFalse(back.isProven());
            }
            assertTrue(store.describe().toString().contains("size=50"), store.describe().toString());
        }

        MVStore check = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        MVMap<byte[], byte[]> records = check.openMap("peers",
                new MVMap.Builder<byte[], byte[]>().valueType(ByteArrayDataType.INSTANCE));
        assertEquals(50, records.size());
        for (byte[] key : records.keySet()) {
            assertEquals(PeerInfoCodec.VERSION, PeerInfoCodec.version(records.get(key)));
        }
        check.close();

        try (PersistentPeerStore again = PersistentPeerStore.open(file, new PeerLimits(1000, 100, 100))) {
            assertEquals(50, again.size());
            written.forEach(p -> assertEquals(p, again.get(p.id()).orElseThrow()));
        }
    }
}

package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.olocus.discovery.api.internal.Reference;

/** PeerId round trips between bytes, base58 and every CID multibase; Kademlia metrics against a reference. */
class PeerIdPropertyTest {

    @Property(tries = 1000)
    void base58AndBytesRoundTrip(@ForAll("ids") PeerId id) {
        String base58 = id.toBase58();
        assertEquals(Reference.base58(id.toBytes()), base58);
        assertTrue(base58.startsWith("Qm") || base58.startsWith("1"), base58);
        assertEquals(id, PeerId.fromString(base58));
        assertEquals(id, PeerId.fromBytes(id.toBytes()));
        assertEquals(base58, PeerId.fromBytes(id.toBytes()).toString());
    }

    @Property(tries = 1000)
    void cidRoundTripsInEveryMultibase(@ForAll("ids") PeerId id) {
        byte[] cid = MultiaddrPropertyTest.concat(new byte[] {0x01, 0x72}, id.toBytes());
        assertEquals("b" + Reference.base32(cid), id.toCid());
        assertEquals(id, PeerId.fromString(id.toCid()));
        assertEquals(id, PeerId.fromString(id.toCid().toUpperCase()));
        assertEquals(id, PeerId.fromString("z" + Reference.base58(cid)));
        assertEquals(id, PeerId.fromString("f" + HexFormat.of().formatHex(cid)));
        assertEquals(id.toBase58(), PeerId.fromString(id.toCid()).toBase58());
    }

    @Property(tries = 500)
    void idOfAKeyMatchesTheKey(@ForAll("keys") PeerPublicKey key) {
        PeerId id = key.toPeerId();
        assertTrue(id.matches(key));
        byte[] encoded = key.toProtobuf();
        if (encoded.length <= 42) {
            assertEquals(key, id.inlinePublicKey());
            assertEquals(encoded.length + 2, id.toBytes().length);
        } else {
            assertEquals(null, id.inlinePublicKey());
            assertEquals(34, id.toBytes().length);
        }
        assertEquals(id, PeerId.fromString(id.toBase58()));
    }

    @Property(tries = 1000)
    void kademliaMetricsAgreeWithTheReference(@ForAll("ids") PeerId a, @ForAll("ids") PeerId b) throws Exception {
        byte[] ka = MessageDigest.getInstance("SHA-256").digest(a.toBytes());
        byte[] kb = MessageDigest.getInstance("SHA-256").digest(b.toBytes());
        assertArrayEquals(ka, a.kadKey());
        assertEquals(Reference.commonPrefixLength(ka, kb), a.commonPrefixLength(b));
        assertEquals(a.commonPrefixLength(b), b.commonPrefixLength(a));
        assertArrayEquals(a.distance(b), b.distance(a));
        assertEquals(256, a.commonPrefixLength(a));
        assertArrayEquals(new byte[32], a.distance(a));
    }

    @Property(tries = 1000)
    void orderingIsConsistentWithEquals(@ForAll("ids") PeerId a, @ForAll("ids") PeerId b) {
        assertEquals(Integer.signum(a.compareTo(b)), -Integer.signum(b.compareTo(a)));
        assertEquals(a.equals(b), a.compareTo(b) == 0);
        if (a.equals(b)) {
            assertEquals(a.hashCode(), b.hashCode());
        } else {
            assertNotEquals(a.toBase58(), b.toBase58());
        }
    }

    @Provide
    Arbitrary<PeerId> ids() {
        Arbitrary<PeerId> sha256 = Arbitraries.bytes().array(byte[].class).ofSize(32)
                .map(d -> PeerId.fromBytes(MultiaddrPropertyTest.concat(new byte[] {0x12, 0x20}, d)));
        return Arbitraries.oneOf(sha256, keys().map(PeerPublicKey::toPeerId));
    }

    @Provide
    Arbitrary<PeerPublicKey> keys() {
        Arbitrary<PeerPublicKey> ed25519 = Arbitraries.bytes().array(byte[].class).ofSize(32)
                .map(k -> PeerPublicKey.of(KeyType.ED25519, k));
        Arbitrary<PeerPublicKey> other = Arbitraries.of(KeyType.RSA, KeyType.SECP256K1, KeyType.ECDSA)
                .flatMap(t -> Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(600)
                        .edgeCases(c -> c.includeOnly(new byte[38], new byte[39]))
                        .map(k -> PeerPublicKey.of(t, k)));
        return Arbitraries.oneOf(ed25519, other);
    }
}

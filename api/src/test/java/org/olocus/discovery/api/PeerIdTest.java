package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.api.Vectors.hex;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PeerId: published vectors, text forms, key derivation, Kademlia metrics and value semantics. */
class PeerIdTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        Vectors.SPEC_SHA256_BASE58 + "," + Vectors.SPEC_SHA256_MULTIHASH,
        Vectors.SPEC_ED25519_BASE58 + "," + Vectors.SPEC_ED25519_MULTIHASH,
        Vectors.GO_SHA256_BASE58 + ",1220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0b",
    })
    void base58RoundTripsThroughTheMultihash(String base58, String multihashHex) {
        PeerId id = PeerId.fromString(base58);
        assertEquals(multihashHex, hex(id.toBytes()));
        assertEquals(base58, id.toBase58());
        assertEquals(base58, id.toString());
        assertEquals(id, PeerId.fromBytes(hex(multihashHex)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        Vectors.SPEC_SHA256_BASE58 + "," + Vectors.SPEC_SHA256_CID,
        Vectors.GO_SHA256_BASE58 + "," + Vectors.GO_SHA256_CID,
        Vectors.GO_ED25519_BASE58 + "," + Vectors.GO_ED25519_CID,
    })
    void publishedCidAndBase58FormsAreTheSameId(String base58, String cid) {
        PeerId fromBase58 = PeerId.fromString(base58);
        PeerId fromCid = PeerId.fromString(cid);
        assertEquals(fromBase58, fromCid);
        assertEquals(cid, fromBase58.toCid());
        assertEquals(base58, fromCid.toBase58());
        // multibase is case-insensitive for base32: the upper-case 'B' form names the same id
        assertEquals(fromBase58, PeerId.fromString(cid.toUpperCase(Locale.ROOT)));
    }

    @Test
    void cidInBase58AndBase16MultibasesIsAccepted() {
        PeerId id = PeerId.fromString(Vectors.SPEC_SHA256_BASE58);
        // <multibase><cid-version 0x01><libp2p-key 0x72><multihash>
        assertEquals(id, PeerId.fromString("zdvgqC3jczfCwLUoSyWT8GLc5UZ9aG4RkAg7XAfidRbX9qVj6"));
        assertEquals(id, PeerId.fromString("f0172" + Vectors.SPEC_SHA256_MULTIHASH));
        assertEquals(id, PeerId.fromString("F0172" + Vectors.SPEC_SHA256_MULTIHASH.toUpperCase(Locale.ROOT)));
        PeerId ed = PeerId.fromString(Vectors.SPEC_ED25519_BASE58);
        assertEquals(ed, PeerId.fromString("z5AanNVJCxnJ4fhdT9DsSUYvwjgHpsJ4pn4bueg8bvDe6b1tDj9rmdk"));
        assertEquals(ed, PeerId.fromString("f0172" + Vectors.SPEC_ED25519_MULTIHASH));
    }

    @Test
    void cidPrefixesFollowTheMultihashKind() {
        assertTrue(PeerId.fromString(Vectors.SPEC_SHA256_BASE58).toCid().startsWith("bafzbei"));
        assertTrue(PeerId.fromString(Vectors.SPEC_ED25519_BASE58).toCid().startsWith("bafzaa"));
    }

    @Test
    void ed25519IdFromAPublishedKey() {
        PeerPublicKey key = PeerPublicKey.of(KeyType.ED25519, hex(Vectors.RUST_ED25519_PUBLIC));
        PeerId id = PeerId.fromPublicKey(key);
        assertEquals(Vectors.RUST_ED25519_ID, id.toBase58());
        assertEquals(id, key.toPeerId());
        assertEquals("0024" + "08011220" + Vectors.RUST_ED25519_PUBLIC, hex(id.toBytes()));
        assertEquals(key, id.inlinePublicKey());
        assertTrue(id.matches(key));
        assertEquals(id, PeerId.fromString(Vectors.RUST_ED25519_ID));
        assertEquals(key, PeerId.fromString(Vectors.RUST_ED25519_ID).inlinePublicKey());
    }

    @Test
    void specEd25519TestKeyIsInlined() {
        PeerPublicKey key = PeerPublicKey.fromProtobuf(hex(Vectors.SPEC_ED25519_PUBLIC_PB));
        PeerId id = key.toPeerId();
        assertEquals("0024" + Vectors.SPEC_ED25519_PUBLIC_PB, hex(id.toBytes()));
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", id.toBase58());
    }

    @Test
    void rsaIdFromTheSpecTestKeyIsTheSha256OfItsProtobuf() throws Exception {
        byte[] protobuf = hex(Vectors.SPEC_RSA_PUBLIC_PB);
        PeerPublicKey key = PeerPublicKey.fromProtobuf(protobuf);
        PeerId id = key.toPeerId();
        assertEquals(Vectors.SPEC_RSA_ID, id.toBase58());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(protobuf);
        assertEquals("1220" + hex(digest), hex(id.toBytes()));
        assertNull(id.inlinePublicKey(), "a sha256 id does not carry its key");
        assertTrue(id.matches(key));
        assertFalse(id.matches(PeerPublicKey.of(KeyType.ED25519, hex(Vectors.RUST_ED25519_PUBLIC))));
    }

    @Test
    void keysOfAtMost42EncodedBytesAreInlinedLargerOnesHashed() {
        // 38 data bytes + 4 bytes of protobuf framing = 42: the largest inlined key
        PeerId inline = PeerPublicKey.of(KeyType.ECDSA, new byte[38]).toPeerId();
        assertEquals(0x00, inline.toBytes()[0]);
        assertEquals(42, inline.toBytes()[1]);
        assertEquals(44, inline.toBytes().length);
        PeerId hashed = PeerPublicKey.of(KeyType.ECDSA, new byte[39]).toPeerId();
        assertEquals(0x12, hashed.toBytes()[0]);
        assertEquals(34, hashed.toBytes().length);
        assertNull(hashed.inlinePublicKey());
        assertEquals(PeerPublicKey.of(KeyType.ECDSA, new byte[38]), inline.inlinePublicKey());
    }

    @Test
    void secp256k1SpecKeyRoundTripsThroughItsInlineId() {
        PeerPublicKey key = PeerPublicKey.fromProtobuf(hex(Vectors.SPEC_SECP256K1_PUBLIC_PB));
        PeerId id = key.toPeerId();
        assertTrue(id.toBase58().startsWith("16Uiu2HA"), id.toBase58());
        PeerId parsed = PeerId.fromString(id.toBase58());
        assertEquals(id, parsed);
        assertEquals(key, parsed.inlinePublicKey());
    }

    @Test
    void kadKeyIsSha256OfTheIdBytes() throws Exception {
        PeerId id = PeerId.fromString(Vectors.SPEC_SHA256_BASE58);
        assertEquals("e41c99e231bc8c569bdbb2bb67fd760a2bd41b44cf8910ec7a93aefc14031896", hex(id.kadKey()));
        PeerId ed = PeerId.fromString(Vectors.SPEC_ED25519_BASE58);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(ed.toBytes()), ed.kadKey());
        assertArrayEquals(PeerId.kadKeyOf(ed.toBytes()), ed.kadKey());
    }

    @Test
    void noAccessorHandsOutTheIdsOwnArrays() {
        PeerId id = PeerId.fromString(Vectors.SPEC_ED25519_BASE58);
        byte[] key = id.kadKey();
        key[0] ^= 1;
        assertArrayEquals(PeerId.kadKeyOf(id.toBytes()), id.kadKey());
        byte[] bytes = id.toBytes();
        bytes[3] ^= 1;
        assertEquals(id, PeerId.fromString(Vectors.SPEC_ED25519_BASE58));
        assertArrayEquals(PeerId.fromString(Vectors.SPEC_ED25519_BASE58).toBytes(), id.toBytes());
    }

    @Test
    void compareDistanceOrdersByXorDistanceToTheTarget() {
        PeerId a = PeerId.fromString(Vectors.SPEC_ED25519_BASE58);
        PeerId b = PeerId.fromString(Vectors.SPEC_SHA256_BASE58);
        byte[] nearA = a.kadKey();
        nearA[31] ^= 1;
        assertTrue(a.compareDistance(b, nearA) < 0);
        assertTrue(b.compareDistance(a, nearA) > 0);
        assertEquals(0, a.compareDistance(a, nearA));
        assertThrows(IllegalArgumentException.class, () -> a.compareDistance(b, new byte[31]));
    }

    @Test
    void kadKeyAndBytesAreDefensiveCopies() {
        PeerId id = PeerId.fromString(Vectors.SPEC_SHA256_BASE58);
        id.kadKey()[0] ^= 1;
        id.toBytes()[5] ^= 1;
        assertEquals("e41c99e231bc8c569bdbb2bb67fd760a2bd41b44cf8910ec7a93aefc14031896", hex(id.kadKey()));
        assertEquals(Vectors.SPEC_SHA256_MULTIHASH, hex(id.toBytes()));
    }

    @Test
    void distanceAndCommonPrefixOfPublishedIds() {
        PeerId a = PeerId.fromString(Vectors.SPEC_SHA256_BASE58);
        PeerId b = PeerId.fromString(Vectors.SPEC_ED25519_BASE58);
        assertEquals("4de7a2bb1a22e0b8cd83584cb99a353e1fc2214cd21edc9b99901dfcdc153d88", hex(a.distance(b)));
        assertArrayEquals(a.distance(b), b.distance(a));
        assertEquals(1, a.commonPrefixLength(b)); // 0x4d = 0b0100_1101
        assertEquals(1, b.commonPrefixLength(a));
    }

    @Test
    void sameIdIsAtDistanceZeroWithFullPrefix() {
        PeerId a = PeerId.fromString(Vectors.SPEC_SHA256_BASE58);
        assertArrayEquals(new byte[32], a.distance(PeerId.fromString(Vectors.SPEC_SHA256_CID)));
        assertEquals(256, a.commonPrefixLength(a));
    }

    @Test
    void commonPrefixLengthOfHandMadeKeys() {
        for (int bit = 0; bit < 256; bit++) {
            byte[] zero = new byte[32];
            byte[] other = new byte[32];
            other[bit / 8] = (byte) (0x80 >>> (bit % 8));
            assertEquals(bit, PeerId.commonPrefixLength(zero, other), "first difference at bit " + bit);
            // bits after the first difference do not matter
            other[31] |= 1;
            assertEquals(bit, PeerId.commonPrefixLength(zero, other), "first difference at bit " + bit);
        }
        assertEquals(256, PeerId.commonPrefixLength(new byte[32], new byte[32]));
        assertEquals(0, PeerId.commonPrefixLength(new byte[] {(byte) 0xFF}, new byte[] {0x00}));
        assertEquals(7, PeerId.commonPrefixLength(new byte[] {(byte) 0xFE}, new byte[] {(byte) 0xFF}));
    }

    @Test
    void xorOfHandMadeKeys() {
        assertArrayEquals(new byte[] {(byte) 0xFF, 0x0F}, PeerId.xor(new byte[] {(byte) 0xF0, 0x0F},
                new byte[] {0x0F, 0x00}));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PeerId.xor(new byte[2], new byte[3]));
        assertTrue(e.getMessage().contains("2 and 3 bytes"), e.getMessage());
    }

    @Test
    void equalsAndHashCodeFollowTheBytesWhateverTheTextForm() {
        PeerId a = PeerId.fromString(Vectors.SPEC_SHA256_BASE58);
        PeerId b = PeerId.fromString(Vectors.SPEC_SHA256_CID);
        PeerId c = PeerId.fromBytes(hex(Vectors.SPEC_SHA256_MULTIHASH));
        assertEquals(a, b);
        assertEquals(b, c);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.hashCode(), c.hashCode());
        assertEquals(0, a.compareTo(b));
        PeerId other = PeerId.fromString(Vectors.GO_SHA256_BASE58);
        assertNotEquals(a, other);
        assertNotEquals(a, null);
        assertNotEquals(a, Vectors.SPEC_SHA256_BASE58);
        assertNotNull(a.toString());
    }

    @Test
    void compareToIsUnsignedLexicographicOnTheBytes() {
        PeerId identity = PeerId.fromString(Vectors.SPEC_ED25519_BASE58); // 0x00…
        PeerId low = PeerId.fromString(Vectors.SPEC_SHA256_BASE58); // 0x12 0x20 0x9d…
        PeerId high = PeerId.fromString(Vectors.GO_SHA256_BASE58); // 0x12 0x20 0xd5…
        assertTrue(identity.compareTo(low) < 0);
        assertTrue(low.compareTo(high) < 0, "0x9d < 0xd5 unsigned");
        assertTrue(high.compareTo(low) > 0);
        List<PeerId> ids = new ArrayList<>(List.of(high, identity, low));
        Collections.sort(ids);
        assertEquals(List.of(identity, low, high), ids);
    }

    @Test
    void fromBytesCopiesItsInput() {
        byte[] bytes = hex(Vectors.SPEC_SHA256_MULTIHASH);
        PeerId id = PeerId.fromBytes(bytes);
        bytes[10] ^= 1;
        assertEquals(Vectors.SPEC_SHA256_BASE58, id.toBase58());
    }
}

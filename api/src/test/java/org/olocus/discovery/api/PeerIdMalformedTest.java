package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.api.Vectors.hex;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.olocus.discovery.api.internal.Base32;
import org.olocus.discovery.api.internal.Base58;

/** PeerId: every refusal is an IllegalArgumentException whose message says what was wrong. */
class PeerIdMalformedTest {

    static void assertRefused(Executable parse, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse);
        for (String fragment : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                    "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(quoteCharacter = '"', value = {
        // 0, O, I and l are not in the bitcoin alphabet
        "Qm0yQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N, '0', position 2",
        "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5O, 'O', position 45",
        "12DIKooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA, 'I', position 3",
        "QmYyl, 'l', position 4",
        "QmYy+So1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N, '+', position 4",
        "QmYyéSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N, 'é', position 4",
    })
    void badBase58CharacterIsNamedWithItsPosition(String text, String character, String position) {
        assertRefused(() -> PeerId.fromString(text), "base58", character, position);
    }

    @Test
    void badCharacterInACidIsNamedWithItsPositionInTheWholeText() {
        // position 4 of the peer id text, i.e. after the multibase prefix 'b' and 'afz'
        assertRefused(() -> PeerId.fromString("bafz1eie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe"),
                "base32", "'1'", "position 4");
        assertRefused(() -> PeerId.fromString("zdvg0C3jczfCwLUoSyWT8GLc5UZ9aG4RkAg7XAfidRbX9qVj6"),
                "base58", "'0'", "position 4");
        assertRefused(() -> PeerId.fromString("f0172zz"), "base16");
    }

    @Test
    void unknownMultihashCodeIsNamed() {
        byte[] sha1 = concat(new byte[] {0x11, 0x14}, filled(20, 7));
        assertRefused(() -> PeerId.fromBytes(sha1), "unknown multihash code 0x11");
        // per the spec only base58 text starting with "Qm" or "1" is a bare multihash; this one starts with '5'
        assertRefused(() -> PeerId.fromString(Base58.encode(sha1)), "neither base58btc");
        // a sha1 multihash behind a CID prefix reaches the multihash check
        assertRefused(() -> PeerId.fromString("b" + Base32.encode(concat(new byte[] {0x01, 0x72}, sha1))),
                "unknown multihash code 0x11");
        byte[] blake = concat(new byte[] {(byte) 0xa0, (byte) 0xe4, 0x02, 0x20}, filled(32, 1)); // blake2b-256
        assertRefused(() -> PeerId.fromBytes(blake), "unknown multihash code 0xb220");
    }

    @Test
    void digestLengthMismatchIsNamed() {
        byte[] shortDigest = concat(new byte[] {0x12, 0x20}, filled(31, 1));
        assertRefused(() -> PeerId.fromBytes(shortDigest), "declares 32 bytes but 31 follow");
        byte[] longDigest = concat(new byte[] {0x12, 0x20}, filled(33, 1));
        assertRefused(() -> PeerId.fromBytes(longDigest), "declares 32 bytes but 33 follow");
        byte[] identity = concat(new byte[] {0x00, 0x24}, hex(Vectors.SPEC_ED25519_PUBLIC_PB), new byte[] {0});
        assertRefused(() -> PeerId.fromBytes(identity), "declares 36 bytes but 37 follow");
    }

    @Test
    void sha256WithAnotherDigestLengthIsRefused() {
        byte[] declares31 = concat(new byte[] {0x12, 0x1f}, filled(31, 1));
        assertRefused(() -> PeerId.fromBytes(declares31), "sha2-256", "31 bytes, not 32");
        // go-multiaddr's TestConstructFails: /p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY
        assertRefused(() -> PeerId.fromString("QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY"), "sha2-256",
                "33 bytes, not 32");
    }

    @Test
    void identityMultihashOver42BytesIsRefused() {
        byte[] key43 = PeerPublicKey.of(KeyType.ECDSA, new byte[39]).toProtobuf();
        byte[] inline43 = concat(new byte[] {0x00, 43}, key43);
        assertRefused(() -> PeerId.fromBytes(inline43), "identity multihash of 43 bytes exceeds 42");
    }

    @Test
    void identityMultihashMustCarryAPublicKey() {
        assertRefused(() -> PeerId.fromBytes(new byte[] {0x00, 0x02, 0x08, 0x01}), "Data");
        assertRefused(() -> PeerId.fromBytes(new byte[] {0x00, 0x00}), "Type");
        assertRefused(() -> PeerId.fromBytes(new byte[] {0x00, 0x03, 0x08, 0x09, 0x12}), "key type 9");
        byte[] shortEd = concat(new byte[] {0x00, 0x23, 0x08, 0x01, 0x12, 0x1f}, filled(31, 1));
        assertRefused(() -> PeerId.fromBytes(shortEd), "Ed25519", "32 bytes, not 31");
    }

    @Test
    void emptyInputIsRefused() {
        assertRefused(() -> PeerId.fromString(""), "empty peer id");
        assertRefused(() -> PeerId.fromString(null), "empty peer id");
        assertRefused(() -> PeerId.fromBytes(new byte[0]), "empty peer id bytes");
        assertRefused(() -> PeerId.fromBytes(null), "empty peer id bytes");
        assertRefused(() -> PeerId.fromString("b"), "truncated varint", "CID version");
        assertRefused(() -> PeerId.fromString("1"), "truncated varint", "multihash digest");
    }

    @Test
    void oversizeInputIsRefusedBeforeDecoding() {
        assertRefused(() -> PeerId.fromString("Qm" + "a".repeat(300)), "302 characters", "too long");
        assertRefused(() -> PeerId.fromBytes(concat(new byte[] {0x12, 0x3f}, filled(63, 1))), "65 bytes",
                "exceeds 64");
        assertRefused(() -> PeerId.fromBytes(concat(new byte[] {0x12, 0x41}, filled(65, 1))), "exceeds 64");
    }

    @Test
    void badCidVersionIsNamed() {
        byte[] mh = hex(Vectors.SPEC_SHA256_MULTIHASH);
        assertRefused(() -> PeerId.fromString("b" + Base32.encode(concat(new byte[] {0x00, 0x72}, mh))),
                "version 0", "expected 1");
        assertRefused(() -> PeerId.fromString("b" + Base32.encode(concat(new byte[] {0x02, 0x72}, mh))),
                "version 2", "expected 1");
        assertRefused(() -> PeerId.fromString("z" + Base58.encode(concat(new byte[] {0x12, 0x20}, mh))),
                "version 18");
    }

    @Test
    void badCidCodecIsNamed() {
        byte[] mh = hex(Vectors.SPEC_SHA256_MULTIHASH);
        assertRefused(() -> PeerId.fromString("b" + Base32.encode(concat(new byte[] {0x01, 0x70}, mh))),
                "codec 0x70", "libp2p-key 0x72");
        assertRefused(() -> PeerId.fromString("f0155" + Vectors.SPEC_SHA256_MULTIHASH), "codec 0x55");
        assertRefused(() -> PeerId.fromString("b" + Base32.encode(new byte[] {0x01, 0x72})), "empty peer id bytes");
    }

    @Test
    void unknownMultibaseIsNamed() {
        assertRefused(() -> PeerId.fromString("k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7"),
                "neither base58btc", "multibase");
        assertRefused(() -> PeerId.fromString("?unknownmultibase"), "neither base58btc");
        assertRefused(() -> PeerId.fromString("/p2p/Qm"), "neither base58btc");
    }

    @Test
    void truncatedOrNonMinimalVarintIsNamed() {
        assertRefused(() -> PeerId.fromBytes(new byte[] {(byte) 0x80}), "truncated varint", "multihash code",
                "byte 0");
        assertRefused(() -> PeerId.fromBytes(new byte[] {0x12}), "truncated varint", "multihash digest", "byte 1");
        assertRefused(() -> PeerId.fromBytes(new byte[] {0x12, (byte) 0xa0}), "truncated varint", "byte 1");
        assertRefused(() -> PeerId.fromBytes(concat(new byte[] {(byte) 0x92, 0x00, 0x20}, filled(32, 1))),
                "non-minimal varint", "multihash code");
        assertRefused(() -> PeerId.fromString("b" + Base32.encode(new byte[] {(byte) 0x81})), "truncated varint",
                "CID version");
        assertRefused(() -> PeerId.fromString("b" + Base32.encode(new byte[] {0x01, (byte) 0xf2})),
                "truncated varint", "CID codec");
        assertRefused(() -> PeerId.fromBytes(filled(12, 0xff)), "varint", "longer than 9 bytes");
    }

    @Test
    void badBase16AndBase32BodiesAreNamed() {
        assertRefused(() -> PeerId.fromString("f017"), "odd number of digits");
        assertRefused(() -> PeerId.fromString("f01" + "g2"), "bad base16");
        // a base32 body whose length leaves five or more dangling bits cannot be a byte string
        assertRefused(() -> PeerId.fromString("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxeq"),
                "trailing bits");
    }

    @Test
    void truncatedIdsAreRefused() {
        String text = Vectors.SPEC_SHA256_BASE58;
        for (int n = 1; n < text.length(); n++) {
            String prefix = text.substring(0, n);
            assertThrows(IllegalArgumentException.class, () -> PeerId.fromString(prefix), prefix);
        }
        byte[] bytes = hex(Vectors.SPEC_ED25519_MULTIHASH);
        for (int n = 1; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThrows(IllegalArgumentException.class, () -> PeerId.fromBytes(prefix), "length " + n);
        }
    }
}

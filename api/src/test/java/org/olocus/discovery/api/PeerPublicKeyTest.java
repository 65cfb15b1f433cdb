package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.api.PeerIdMalformedTest.assertRefused;
import static org.olocus.discovery.api.PeerIdMalformedTest.concat;
import static org.olocus.discovery.api.Vectors.hex;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PeerPublicKey: protobuf form per the peer-id spec, signature verification, malformed input. */
class PeerPublicKeyTest {
    private static final byte[] MESSAGE = "libp2p signed payload".getBytes(StandardCharsets.UTF_8);
    private static KeyPair ed25519;
    private static KeyPair rsa;

    @BeforeAll
    static void generateKeys() throws Exception {
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
    }

    static PeerPublicKey libp2pEd25519(KeyPair pair) {
        byte[] x509 = pair.getPublic().getEncoded();
        return PeerPublicKey.of(KeyType.ED25519, Arrays.copyOfRange(x509, x509.length - 32, x509.length));
    }

    static byte[] sign(String algorithm, PrivateKey key, byte[] message) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(message);
        return signer.sign();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ED25519, " + Vectors.SPEC_ED25519_PUBLIC_PB + ", 32",
        "SECP256K1, " + Vectors.SPEC_SECP256K1_PUBLIC_PB + ", 33",
        "ECDSA, " + Vectors.SPEC_ECDSA_PUBLIC_PB + ", 91",
        "RSA, " + Vectors.SPEC_RSA_PUBLIC_PB + ", 550",
    })
    void specTestVectorsRoundTripByteForByte(KeyType type, String protobufHex, int dataLength) {
        PeerPublicKey key = PeerPublicKey.fromProtobuf(hex(protobufHex));
        assertEquals(type, key.type());
        assertEquals(dataLength, key.data().length);
        assertEquals(protobufHex, hex(key.toProtobuf()));
        assertEquals(key, PeerPublicKey.of(type, key.data()));
        assertEquals(protobufHex, hex(PeerPublicKey.of(type, key.data()).toProtobuf()));
    }

    @Test
    void protobufLayoutIsTypeThenLengthPrefixedData() {
        PeerPublicKey key = PeerPublicKey.of(KeyType.ED25519, hex(Vectors.RUST_ED25519_PUBLIC));
        assertEquals("08011220" + Vectors.RUST_ED25519_PUBLIC, hex(key.toProtobuf()));
        // RSA is type 0 and its data length needs a two-byte varint
        PeerPublicKey big = PeerPublicKey.of(KeyType.RSA, new byte[300]);
        assertEquals("080012ac02", hex(Arrays.copyOf(big.toProtobuf(), 5)));
        assertEquals(305, big.toProtobuf().length);
        assertEquals(big, PeerPublicKey.fromProtobuf(big.toProtobuf()));
    }

    @Test
    void keyTypesCarryTheSpecEnumNumbers() {
        assertEquals(0, KeyType.RSA.code());
        assertEquals(1, KeyType.ED25519.code());
        assertEquals(2, KeyType.SECP256K1.code());
        assertEquals(3, KeyType.ECDSA.code());
        for (KeyType t : KeyType.values()) {
            assertEquals(t, KeyType.fromCode(t.code()));
        }
        assertRefused(() -> KeyType.fromCode(4), "unknown libp2p key type 4");
        assertRefused(() -> KeyType.fromCode(-1), "unknown libp2p key type -1");
    }

    @Test
    void fieldsInReverseOrderDecodeToTheSameKeyAndReencodeDeterministically() {
        byte[] data = hex(Vectors.RUST_ED25519_PUBLIC);
        byte[] reversed = concat(new byte[] {0x12, 0x20}, data, new byte[] {0x08, 0x01});
        PeerPublicKey key = PeerPublicKey.fromProtobuf(reversed);
        assertEquals("08011220" + Vectors.RUST_ED25519_PUBLIC, hex(key.toProtobuf()));
    }

    @Test
    void valueSemanticsAndDefensiveCopies() {
        byte[] data = hex(Vectors.RUST_ED25519_PUBLIC);
        PeerPublicKey key = PeerPublicKey.of(KeyType.ED25519, data);
        data[0] ^= 1;
        key.data()[1] ^= 1;
        assertEquals(Vectors.RUST_ED25519_PUBLIC, hex(key.data()));
        PeerPublicKey same = PeerPublicKey.fromProtobuf(key.toProtobuf());
        assertEquals(key, same);
        assertEquals(key.hashCode(), same.hashCode());
        assertNotEquals(key, PeerPublicKey.of(KeyType.ECDSA, key.data()));
        assertNotEquals(key, PeerPublicKey.of(KeyType.ED25519, new byte[32]));
        assertEquals("ED25519:" + Vectors.RUST_ED25519_PUBLIC, key.toString());
    }

    @Test
    void ed25519SignatureOfAJdkKeyVerifies() throws Exception {
        PeerPublicKey key = libp2pEd25519(ed25519);
        byte[] signature = sign("Ed25519", ed25519.getPrivate(), MESSAGE);
        assertTrue(key.verify(MESSAGE, signature));
        assertTrue(PeerPublicKey.fromProtobuf(key.toProtobuf()).verify(MESSAGE, signature));
        assertTrue(key.toPeerId().inlinePublicKey().verify(MESSAGE, signature));
    }

    @Test
    void ed25519SignatureOfTheSpecPrivateKeyVerifiesWithTheSpecPublicKey() throws Exception {
        // peer-ids.md: the private key data is seed (32 bytes) followed by the public key (32 bytes)
        byte[] privateData = Arrays.copyOfRange(hex(Vectors.SPEC_ED25519_PRIVATE_PB), 4, 68);
        PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(
                new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Arrays.copyOf(privateData, 32)));
        PeerPublicKey key = PeerPublicKey.fromProtobuf(hex(Vectors.SPEC_ED25519_PUBLIC_PB));
        assertArrayEquals(Arrays.copyOfRange(privateData, 32, 64), key.data());
        assertTrue(key.verify(MESSAGE, sign("Ed25519", privateKey, MESSAGE)));
    }

    @Test
    void ecdsaSignatureOfTheSpecPrivateKeyVerifiesWithTheSpecPublicKey() throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
                new BigInteger(1, hex(Vectors.SPEC_ECDSA_PRIVATE_SCALAR)),
                parameters.getParameterSpec(ECParameterSpec.class)));
        PeerPublicKey key = PeerPublicKey.fromProtobuf(hex(Vectors.SPEC_ECDSA_PUBLIC_PB));
        byte[] signature = sign("SHA256withECDSA", privateKey, MESSAGE);
        assertTrue(key.verify(MESSAGE, signature));
        assertFalse(key.verify("other".getBytes(StandardCharsets.UTF_8), signature));
    }

    @Test
    void rsaSignatureOfAJdkKeyVerifies() throws Exception {
        PeerPublicKey key = PeerPublicKey.of(KeyType.RSA, rsa.getPublic().getEncoded());
        byte[] signature = sign("SHA256withRSA", rsa.getPrivate(), MESSAGE);
        assertTrue(key.verify(MESSAGE, signature));
        assertTrue(key.toPeerId().toBase58().startsWith("Qm"));
        assertTrue(key.toPeerId().matches(PeerPublicKey.fromProtobuf(key.toProtobuf())));
    }

    @Test
    void wrongSignaturesAreFalseNotExceptions() throws Exception {
        PeerPublicKey edKey = libp2pEd25519(ed25519);
        byte[] edSignature = sign("Ed25519", ed25519.getPrivate(), MESSAGE);
        byte[] flipped = edSignature.clone();
        flipped[10] ^= 1;
        assertFalse(edKey.verify(MESSAGE, flipped));
        assertFalse(edKey.verify("libp2p signed payloaD".getBytes(StandardCharsets.UTF_8), edSignature));
        assertFalse(edKey.verify(MESSAGE, new byte[0]));
        assertFalse(edKey.verify(MESSAGE, new byte[63]));
        assertFalse(edKey.verify(MESSAGE, new byte[200]));
        KeyPair otherEd = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertFalse(libp2pEd25519(otherEd).verify(MESSAGE, edSignature));

        PeerPublicKey rsaKey = PeerPublicKey.of(KeyType.RSA, rsa.getPublic().getEncoded());
        byte[] rsaSignature = sign("SHA256withRSA", rsa.getPrivate(), MESSAGE);
        byte[] rsaFlipped = rsaSignature.clone();
        rsaFlipped[0] ^= 1;
        assertFalse(rsaKey.verify(MESSAGE, rsaFlipped));
        assertFalse(rsaKey.verify(MESSAGE, new byte[3]));
        assertFalse(rsaKey.verify(MESSAGE, edSignature));
        // a signature made with SHA-1 is not the libp2p scheme
        assertFalse(rsaKey.verify(MESSAGE, sign("SHA1withRSA", rsa.getPrivate(), MESSAGE)));
    }

    @Test
    void keyBytesThatAreNotAKeyOfTheirTypeVerifyNothing() {
        assertFalse(PeerPublicKey.of(KeyType.RSA, new byte[] {1, 2, 3}).verify(MESSAGE, new byte[256]));
        assertFalse(PeerPublicKey.of(KeyType.ECDSA, new byte[] {0x30, 0x00}).verify(MESSAGE, new byte[64]));
        // 32 bytes that are not a valid Ed25519 point encoding (y >= p)
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff);
        assertFalse(PeerPublicKey.of(KeyType.ED25519, notAPoint).verify(MESSAGE, new byte[64]));
        assertFalse(PeerPublicKey.of(KeyType.ED25519, new byte[32]).verify(MESSAGE, new byte[64]));
    }

    @Test
    void secp256k1VerificationIsRefusedClearly() {
        PeerPublicKey key = PeerPublicKey.fromProtobuf(hex(Vectors.SPEC_SECP256K1_PUBLIC_PB));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> key.verify(MESSAGE, new byte[64]));
        assertTrue(e.getMessage().contains("SECP256K1"), e.getMessage());
    }

    @Test
    void unknownFieldIsNamedWithItsNumberAndWireType() {
        byte[] valid = hex(Vectors.SPEC_ED25519_PUBLIC_PB);
        assertRefused(() -> PeerPublicKey.fromProtobuf(concat(valid, new byte[] {0x1a, 0x00})),
                "unexpected public key field 3", "wire type 2");
        assertRefused(() -> PeerPublicKey.fromProtobuf(concat(valid, new byte[] {0x18, 0x01})),
                "unexpected public key field 3", "wire type 0");
        // field 1 with the wrong wire type
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[] {0x0a, 0x01, 0x01}),
                "unexpected public key field 1", "wire type 2");
    }

    @Test
    void missingFieldsAreNamed() {
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[] {0x08, 0x01}), "lacks its Data field");
        assertRefused(() -> PeerPublicKey.fromProtobuf(concat(new byte[] {0x12, 0x20},
                hex(Vectors.RUST_ED25519_PUBLIC))), "lacks its Type field");
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[0]), "lacks its Type field");
    }

    @Test
    void truncatedInputIsNamed() {
        byte[] valid = hex(Vectors.SPEC_ED25519_PUBLIC_PB);
        assertRefused(() -> PeerPublicKey.fromProtobuf(Arrays.copyOf(valid, 20)), "truncated public key data",
                "needs 32 bytes", "only 16 left");
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[] {0x08}), "truncated varint", "public key type");
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[] {0x08, 0x01, 0x12}), "truncated varint",
                "public key data");
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[] {(byte) 0x88}), "truncated varint",
                "field tag");
        for (int n = 0; n < valid.length; n++) {
            byte[] prefix = Arrays.copyOf(valid, n);
            assertThrows(IllegalArgumentException.class, () -> PeerPublicKey.fromProtobuf(prefix), "length " + n);
        }
    }

    @Test
    void oversizeInputIsRefused() {
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[PeerPublicKey.MAX_ENCODED_SIZE + 1]), "4097 bytes",
                "exceeds 4096");
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[] {0x08, 0x00, 0x12, (byte) 0x81, 0x20}),
                "public key data length 4097 exceeds the limit of 4096");
        assertRefused(() -> PeerPublicKey.of(KeyType.RSA, new byte[4097]), "4097 bytes", "out of range");
    }

    @Test
    void badKeyDataIsRefused() {
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[] {0x08, 0x07, 0x12, 0x01, 0x00}),
                "unknown libp2p key type 7");
        assertRefused(() -> PeerPublicKey.of(KeyType.ED25519, new byte[31]), "32 bytes, not 31");
        assertRefused(() -> PeerPublicKey.of(KeyType.ED25519, new byte[33]), "32 bytes, not 33");
        assertRefused(() -> PeerPublicKey.of(KeyType.RSA, new byte[0]), "0 bytes", "out of range");
        assertRefused(() -> PeerPublicKey.fromProtobuf(new byte[] {0x08, 0x00, 0x12, 0x00}), "0 bytes");
        assertRefused(() -> PeerPublicKey.of(null, new byte[1]), "required");
        assertRefused(() -> PeerPublicKey.of(KeyType.RSA, null), "required");
    }
}

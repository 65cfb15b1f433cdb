package org.olocus.discovery.api;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import org.olocus.discovery.api.internal.Varint;

/**
 * A libp2p public key: its type and its key bytes as the libp2p peer-id specification defines them (Ed25519: the
 * 32 raw bytes; RSA, ECDSA: DER SubjectPublicKeyInfo; secp256k1: the compressed point). Its protobuf form
 * ({@code PublicKey { Type = 1; Data = 2; }}, deterministic) is what a peer id hashes.
 */
public final class PeerPublicKey {
    /** Upper bound on an encoded key; RSA 8192-bit keys stay far below it. */
    public static final int MAX_ENCODED_SIZE = 4096;
    private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final KeyType type;
    private final byte[] data;

    private PeerPublicKey(KeyType type, byte[] data) {
        this.type = type;
        this.data = data;
    }

    /** A key of {@code type} with the given key bytes; an Ed25519 key must have 32. */
    public static PeerPublicKey of(KeyType type, byte[] data) {
        if (type == null || data == null) {
            throw new IllegalArgumentException("key type and data are required");
        }
        if (type == KeyType.ED25519 && data.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + data.length);
        }
        if (data.length == 0 || data.length > MAX_ENCODED_SIZE) {
            throw new IllegalArgumentException("public key data of " + data.length + " bytes is out of range");
        }
        return new PeerPublicKey(type, data.clone());
    }

    /** Reads the protobuf {@code PublicKey} message; unknown or missing fields are rejected with their number. */
    public static PeerPublicKey fromProtobuf(byte[] encoded) {
        if (encoded.length > MAX_ENCODED_SIZE) {
            throw new IllegalArgumentException("encoded public key of " + encoded.length + " bytes exceeds "
                    + MAX_ENCODED_SIZE);
        }
        Varint.Reader in = new Varint.Reader(encoded);
        KeyType type = null;
        byte[] data = null;
        while (in.hasMore()) {
            long tag = in.readVarint("public key field tag");
            if (tag == 0x08) {
                type = KeyType.fromCode(in.readVarint("public key type"));
            } else if (tag == 0x12) {
                data = in.readBytes(in.readLength("public key data", MAX_ENCODED_SIZE), "public key data");
            } else {
                throw new IllegalArgumentException("unexpected public key field " + (tag >>> 3) + " (wire type "
                        + (tag & 7) + ")");
            }
        }
        if (type == null || data == null) {
            throw new IllegalArgumentException("public key lacks its " + (type == null ? "Type" : "Data") + " field");
        }
        return of(type, data);
    }

    /** The deterministic protobuf encoding: field 1 (type), then field 2 (data). */
    public byte[] toProtobuf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 8);
        out.write(0x08);
        Varint.write(out, type.code());
        out.write(0x12);
        Varint.write(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    public KeyType type() {
        return type;
    }

    /** A copy of the key bytes. */
    public byte[] data() {
        return data.clone();
    }

    /** The peer id this key stands for. */
    public PeerId toPeerId() {
        return PeerId.fromPublicKey(this);
    }

    /**
     * Verifies {@code signature} over {@code message} as libp2p signs with this key type (Ed25519 pure; RSA
     * PKCS#1 v1.5 with SHA-256; ECDSA with SHA-256). secp256k1 is not in the JDK and is refused with a clear error.
     * An Ed25519 key of small order never verifies.
     */
    public boolean verify(byte[] message, byte[] signature) {
        try {
            Signature verifier;
            X509EncodedKeySpec spec;
            String algorithm;
            switch (type) {
                case ED25519 -> {
                    if (Ed25519SmallOrder.isSmallOrder(data)) {
                        return false; // such a key "verifies" forged signatures; the JDK does not refuse it
                    }
                    byte[] x509 = Arrays.copyOf(ED25519_X509_PREFIX, ED25519_X509_PREFIX.length + 32);
                    System.arraycopy(data, 0, x509, ED25519_X509_PREFIX.length, 32);
                    spec = new X509EncodedKeySpec(x509);
                    algorithm = "Ed25519";
                    verifier = Signature.getInstance("Ed25519");
                }
                case RSA -> {
                    spec = new X509EncodedKeySpec(data);
                    algorithm = "RSA";
                    verifier = Signature.getInstance("SHA256withRSA");
                }
                case ECDSA -> {
                    spec = new X509EncodedKeySpec(data);
                    algorithm = "EC";
                    verifier = Signature.getInstance("SHA256withECDSA");
                }
                default -> throw new UnsupportedOperationException("verifying " + type
                        + " signatures needs a provider this runtime lacks");
            }
            verifier.initVerify(KeyFactory.getInstance(algorithm).generatePublic(spec));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerPublicKey other && type == other.type && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return type + ":" + HexFormat.of().formatHex(data);
    }
}

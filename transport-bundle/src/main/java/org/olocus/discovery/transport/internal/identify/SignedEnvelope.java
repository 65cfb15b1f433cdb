package org.olocus.discovery.transport.internal.identify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.crypto.CryptoSignatureVerifier;

/**
 * A libp2p signed envelope (RFC 0002): a payload, its type hint and the signer's public key, signed over
 * {@code uvarint(len) ‖ domain ‖ uvarint(len) ‖ payload_type ‖ uvarint(len) ‖ payload} so that a signature made
 * for one purpose (domain) is never valid for another.
 * <pre>
 * message Envelope { PublicKey public_key = 1; bytes payload_type = 2; bytes payload = 3; bytes signature = 5; }
 * </pre>
 * Only {@link #open} makes an envelope from the network, and it verifies the signature (with the transport's
 * {@link CryptoSignatureVerifier}: Ed25519, secp256k1, RSA, ECDSA) before anyone looks at the payload. Decoding is bounded ({@link #MAX_SIZE}); unknown fields are skipped.
 *
 * @param publicKey   the signer's key
 * @param payloadType the payload's multicodec type hint (e.g. {@code 0x03 0x01} for a peer record)
 * @param payload     the signed bytes
 * @param signature   the signature over the domain-separated buffer
 */
public record SignedEnvelope(PeerPublicKey publicKey, byte[] payloadType, byte[] payload, byte[] signature) {
    /** Largest encoded envelope accepted: it travels inside an identify message of at most 8 KiB. */
    public static final int MAX_SIZE = 8192;

    public SignedEnvelope {
        if (publicKey == null) {
            throw new IllegalArgumentException("an envelope needs the signer's public key");
        }
        payloadType = payloadType.clone();
        payload = payload.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] payloadType() {
        return payloadType.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Signs {@code payload} of type {@code payloadType} for {@code domain} with our key. */
    public static SignedEnvelope seal(LocalPeer signer, String domain, byte[] payloadType, byte[] payload) {
        byte[] signature = signer.sign(signedBytes(domain, payloadType, payload));
        return new SignedEnvelope(signer.publicKey(), payloadType, payload, signature);
    }

    /**
     * Decodes an envelope and verifies its signature for {@code expectedDomain}.
     *
     * @throws ProtocolViolationException naming what was wrong: oversize, malformed, missing key or signature, a
     *                                    key we cannot load, or a signature that does not verify (wrong domain,
     *                                    tampered type or payload, wrong signer)
     */
    public static SignedEnvelope open(byte[] encoded, String expectedDomain) {
        SignedEnvelope envelope = decode(encoded);
        boolean valid;
        try {
            valid = CryptoSignatureVerifier.verify(envelope.publicKey,
                    signedBytes(expectedDomain, envelope.payloadType, envelope.payload), envelope.signature);
        } catch (RuntimeException e) {
            // a key type nobody here verifies, or a key the provider cannot load
            throw new ProtocolViolationException("cannot verify the envelope signed by a " + envelope.publicKey.type()
                    + " key: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new ProtocolViolationException("envelope signature by " + envelope.publicKey.toPeerId()
                    + " does not verify for domain '" + expectedDomain + "' and payload type "
                    + HexFormat.of().formatHex(envelope.payloadType));
        }
        return envelope;
    }

    /** The buffer that is signed: each of domain, type and payload prefixed with its uvarint length. */
    static byte[] signedBytes(String domain, byte[] payloadType, byte[] payload) {
        byte[] domainBytes = domain.getBytes(StandardCharsets.UTF_8);
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(domainBytes.length + payloadType.length
                    + payload.length + 12);
            CodedOutputStream out = CodedOutputStream.newInstance(buffer);
            for (byte[] part : new byte[][] {domainBytes, payloadType, payload}) {
                out.writeUInt32NoTag(part.length);
                out.writeRawBytes(part);
            }
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The protobuf encoding (fields in number order, as js-libp2p and go-libp2p write them). */
    public byte[] encode() {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(buffer);
            out.writeByteArray(1, publicKey.toProtobuf());
            out.writeByteArray(2, payloadType);
            out.writeByteArray(3, payload);
            out.writeByteArray(5, signature);
            out.flush();
            if (buffer.size() > MAX_SIZE) {
                throw new IllegalArgumentException("envelope of " + buffer.size() + " bytes exceeds " + MAX_SIZE);
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the fields without verifying anything (only {@link #open} may hand an envelope out). */
    private static SignedEnvelope decode(byte[] encoded) {
        if (encoded.length > MAX_SIZE) {
            throw new ProtocolViolationException("envelope of " + encoded.length + " bytes exceeds " + MAX_SIZE);
        }
        byte[] key = null;
        byte[] type = new byte[0];
        byte[] payload = new byte[0];
        byte[] signature = null;
        try {
            CodedInputStream in = CodedInputStream.newInstance(encoded);
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                boolean known = field == 1 || field == 2 || field == 3 || field == 5;
                if (!known) {
                    if (!in.skipField(tag)) {
                        throw new ProtocolViolationException("unexpected end-group tag in envelope");
                    }
                    continue;
                }
                if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    throw new ProtocolViolationException("envelope field " + field + " has wire type "
                            + WireFormat.getTagWireType(tag) + ", expected bytes");
                }
                byte[] value = in.readByteArray();
                switch (field) {
                    case 1 -> key = value;
                    case 2 -> type = value;
                    case 3 -> payload = value;
                    default -> signature = value;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolViolationException("malformed envelope: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (key == null) {
            throw new ProtocolViolationException("envelope lacks its public_key (field 1)");
        }
        if (signature == null) {
            throw new ProtocolViolationException("envelope lacks its signature (field 5)");
        }
        PeerPublicKey publicKey;
        try {
            publicKey = PeerPublicKey.fromProtobuf(key);
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolationException("bad public_key in envelope: " + e.getMessage(), e);
        }
        return new SignedEnvelope(publicKey, type, payload, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedEnvelope other && publicKey.equals(other.publicKey)
                && Arrays.equals(payloadType, other.payloadType)
                && Arrays.equals(payload, other.payload)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return 31 * publicKey.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "SignedEnvelope[signer=" + publicKey.toPeerId() + ", type=" + HexFormat.of().formatHex(payloadType)
                + ", payload=" + payload.length + " bytes]";
    }
}

package org.olocus.discovery.transport.internal.noise;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.ProtocolViolationException;

/**
 * The libp2p Noise handshake payload:
 * <pre>
 * message NoiseExtensions { repeated bytes webtransport_certhashes = 1; repeated string stream_muxers = 2; }
 * message NoiseHandshakePayload { bytes identity_key = 1; bytes identity_sig = 2; NoiseExtensions extensions = 4; }
 * </pre>
 * {@code identity_key} is a libp2p {@code PublicKey} protobuf; {@code identity_sig} signs
 * {@code "noise-libp2p-static-key:" ‖ static X25519 public key}. Decoding is bounded, skips unknown fields and
 * requires the identity.
 *
 * @param identityKey          the sender's libp2p identity key
 * @param identitySignature    its signature over the static key
 * @param webtransportCerthashes certificate hashes (WebTransport only; empty otherwise)
 * @param streamMuxers         muxers the sender offers in-handshake (empty: negotiate with multistream-select)
 */
public record NoiseHandshakePayload(PeerPublicKey identityKey, byte[] identitySignature,
        List<byte[]> webtransportCerthashes, List<String> streamMuxers) {
    /** Largest encoded payload we accept. */
    public static final int MAX_SIZE = 8 * 1024;
    /** Most entries in either extensions list. */
    public static final int MAX_LIST = 32;

    public NoiseHandshakePayload {
        if (identityKey == null || identitySignature == null) {
            throw new IllegalArgumentException("a handshake payload needs an identity key and signature");
        }
        identitySignature = identitySignature.clone();
        webtransportCerthashes = webtransportCerthashes.stream().map(byte[]::clone).toList();
        streamMuxers = List.copyOf(streamMuxers);
    }

    @Override
    public byte[] identitySignature() {
        return identitySignature.clone();
    }

    /** The protobuf encoding; extensions are written only when a list is non-empty. */
    public byte[] encode() {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(buffer);
            out.writeByteArray(1, identityKey.toProtobuf());
            out.writeByteArray(2, identitySignature);
            if (!webtransportCerthashes.isEmpty() || !streamMuxers.isEmpty()) {
                out.writeByteArray(4, encodeExtensions());
            }
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] encodeExtensions() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        for (byte[] hash : webtransportCerthashes) {
            out.writeByteArray(1, hash);
        }
        for (String muxer : streamMuxers) {
            out.writeString(2, muxer);
        }
        out.flush();
        return buffer.toByteArray();
    }

    /**
     * Decodes a payload.
     *
     * @throws ProtocolViolationException when it is oversized, malformed, lacks the identity key or signature, or
     *                                    carries an unusable key
     */
    public static NoiseHandshakePayload decode(byte[] encoded) {
        if (encoded.length > MAX_SIZE) {
            throw new ProtocolViolationException("Noise handshake payload of " + encoded.length
                    + " bytes exceeds " + MAX_SIZE);
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(encoded);
            byte[] key = null;
            byte[] signature = null;
            List<byte[]> hashes = new ArrayList<>();
            List<String> muxers = new ArrayList<>();
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> key = in.readByteArray();
                    case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> signature = in.readByteArray();
                    case (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                            decodeExtensions(in.readByteArray(), hashes, muxers);
                    default -> skip(in, tag);
                }
            }
            if (key == null || key.length == 0) {
                throw new ProtocolViolationException("Noise handshake payload lacks identity_key");
            }
            if (signature == null || signature.length == 0) {
                throw new ProtocolViolationException("Noise handshake payload lacks identity_sig");
            }
            return new NoiseHandshakePayload(parseKey(key), signature, hashes, muxers);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolViolationException("malformed Noise handshake payload: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void decodeExtensions(byte[] encoded, List<byte[]> hashes, List<String> muxers)
            throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(encoded);
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> hashes.add(in.readByteArray());
                case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> muxers.add(in.readStringRequireUtf8());
                default -> skip(in, tag);
            }
            if (hashes.size() + muxers.size() > MAX_LIST) {
                throw new ProtocolViolationException("Noise extensions list more than " + MAX_LIST + " entries");
            }
        }
    }

    private static void skip(CodedInputStream in, int tag) throws IOException {
        if (!in.skipField(tag)) {
            throw new ProtocolViolationException("unexpected end-group tag in Noise handshake payload (field "
                    + WireFormat.getTagFieldNumber(tag) + ")");
        }
    }

    private static PeerPublicKey parseKey(byte[] key) {
        try {
            return PeerPublicKey.fromProtobuf(key);
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolationException("bad identity_key in Noise handshake payload: " + e.getMessage(), e);
        }
    }
}

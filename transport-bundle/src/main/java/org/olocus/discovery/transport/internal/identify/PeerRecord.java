package org.olocus.discovery.transport.internal.identify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.ProtocolViolationException;

/**
 * A libp2p peer record (RFC 0003): a peer's listen addresses with a sequence number, carried in a
 * {@link SignedEnvelope} with domain {@value #DOMAIN} and payload type {@code 0x03 0x01} (multicodec
 * {@code libp2p-peer-record}).
 * <pre>
 * message PeerRecord { message AddressInfo { bytes multiaddr = 1; }
 *   bytes peer_id = 1; uint64 seq = 2; repeated AddressInfo addresses = 3; }
 * </pre>
 * Decoding is bounded (≤ {@value #MAX_ADDRESSES} addresses); unknown fields are skipped; an address our
 * {@link Multiaddr} cannot read is left out and counted.
 *
 * @param peerId       whose addresses these are
 * @param seq          the issuer's sequence number, an unsigned 64-bit value (compare with
 *                     {@link Long#compareUnsigned}); higher is newer
 * @param addresses    where the peer listens
 * @param skippedAddrs addresses left out because they did not parse
 */
public record PeerRecord(PeerId peerId, long seq, List<Multiaddr> addresses, int skippedAddrs) {
    /** The envelope domain of peer records. */
    public static final String DOMAIN = "libp2p-peer-record";
    /** Most addresses in one record (readable or not). */
    public static final int MAX_ADDRESSES = 128;
    private static final byte[] PAYLOAD_TYPE = {0x03, 0x01};

    public PeerRecord {
        if (peerId == null) {
            throw new IllegalArgumentException("a peer record needs a peer id");
        }
        addresses = List.copyOf(addresses);
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("a peer record holds at most " + MAX_ADDRESSES + " addresses, not "
                    + addresses.size());
        }
    }

    /** The envelope payload type of a peer record ({@code 0x03 0x01}). */
    public static byte[] payloadType() {
        return PAYLOAD_TYPE.clone();
    }

    /** Signs this record with {@code signer}, whose id it must carry. */
    public SignedEnvelope sign(LocalPeer signer) {
        if (!signer.peerId().equals(peerId)) {
            throw new IllegalArgumentException("the record of " + peerId + " cannot be signed by "
                    + signer.peerId());
        }
        return SignedEnvelope.seal(signer, DOMAIN, PAYLOAD_TYPE, encode());
    }

    /**
     * Opens a signed peer record: verifies the envelope for {@value #DOMAIN}, then
     * {@linkplain #fromEnvelope reads and checks} the record.
     *
     * @throws ProtocolViolationException naming what was wrong
     */
    public static PeerRecord open(byte[] envelope) {
        return fromEnvelope(SignedEnvelope.open(envelope, DOMAIN));
    }

    /**
     * The record in an envelope already verified for {@value #DOMAIN}: its payload type must be a peer record's
     * and the envelope's key must be the record's peer.
     *
     * @throws ProtocolViolationException for another payload type, a malformed record or a signer that is not the
     *                                    record's peer
     */
    public static PeerRecord fromEnvelope(SignedEnvelope envelope) {
        if (!Arrays.equals(envelope.payloadType(), PAYLOAD_TYPE)) {
            throw new ProtocolViolationException("envelope payload type " + HexFormat.of().formatHex(
                    envelope.payloadType()) + " is not a peer record (0301)");
        }
        PeerRecord record = decode(envelope.payload());
        PeerId signer = envelope.publicKey().toPeerId();
        if (!signer.equals(record.peerId)) {
            throw new ProtocolViolationException("peer record of " + record.peerId + " is signed by " + signer);
        }
        return record;
    }

    /** The protobuf encoding; a zero seq is left out as proto3 does. */
    public byte[] encode() {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(buffer);
            out.writeByteArray(1, peerId.toBytes());
            if (seq != 0) {
                out.writeUInt64(2, seq);
            }
            for (Multiaddr address : addresses) {
                byte[] bytes = address.toBytes();
                out.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(CodedOutputStream.computeByteArraySize(1, bytes));
                out.writeByteArray(1, bytes);
            }
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a record (the payload of its envelope; verify the envelope first).
     *
     * @throws ProtocolViolationException when it is oversized, malformed, lacks its peer id or lists too many
     *                                    addresses
     */
    public static PeerRecord decode(byte[] encoded) {
        if (encoded.length > SignedEnvelope.MAX_SIZE) {
            throw new ProtocolViolationException("peer record of " + encoded.length + " bytes exceeds "
                    + SignedEnvelope.MAX_SIZE);
        }
        byte[] id = null;
        long seq = 0;
        List<Multiaddr> addresses = new ArrayList<>();
        int skipped = 0;
        try {
            CodedInputStream in = CodedInputStream.newInstance(encoded);
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                int wireType = WireFormat.getTagWireType(tag);
                if (field == 1 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    id = in.readByteArray();
                } else if (field == 2 && wireType == WireFormat.WIRETYPE_VARINT) {
                    seq = in.readUInt64();
                } else if (field == 3 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    if (addresses.size() + skipped == MAX_ADDRESSES) {
                        throw new ProtocolViolationException("peer record lists more than " + MAX_ADDRESSES
                                + " addresses");
                    }
                    Multiaddr address = address(in.readByteArray());
                    if (address == null) {
                        skipped++;
                    } else {
                        addresses.add(address);
                    }
                } else if (field >= 1 && field <= 3) {
                    throw new ProtocolViolationException("peer record field " + field + " has wire type "
                            + wireType);
                } else if (!in.skipField(tag)) {
                    throw new ProtocolViolationException("unexpected end-group tag in peer record");
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolViolationException("malformed peer record: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (id == null) {
            throw new ProtocolViolationException("peer record lacks its peer_id (field 1)");
        }
        PeerId peerId;
        try {
            peerId = PeerId.fromBytes(id);
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolationException("bad peer_id in peer record: " + e.getMessage(), e);
        }
        return new PeerRecord(peerId, seq, addresses, skipped);
    }

    /** One {@code AddressInfo}; {@code null} when its multiaddr is missing or unreadable. */
    private static Multiaddr address(byte[] info) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(info);
        byte[] bytes = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (WireFormat.getTagFieldNumber(tag) == 1
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                bytes = in.readByteArray();
            } else if (!in.skipField(tag)) {
                throw new ProtocolViolationException("unexpected end-group tag in peer record address");
            }
        }
        if (bytes == null) {
            return null;
        }
        try {
            return Multiaddr.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "PeerRecord[" + peerId + " seq " + Long.toUnsignedString(seq) + " " + addresses
                + (skippedAddrs > 0 ? " (" + skippedAddrs + " unreadable)" : "") + "]";
    }
}

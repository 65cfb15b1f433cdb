package org.olocus.discovery.transport.internal.identify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.ProtocolViolationException;

/**
 * The identify message ({@code /ipfs/id/1.0.0} and {@code /ipfs/id/push/1.0.0}):
 * <pre>
 * message Identify { optional string protocolVersion = 5; optional string agentVersion = 6;
 *   optional bytes publicKey = 1; repeated bytes listenAddrs = 2; optional bytes observedAddr = 4;
 *   repeated string protocols = 3; optional bytes signedPeerRecord = 8; }
 * </pre>
 * Decoding is bounded; unknown fields are skipped; an address our {@link Multiaddr} cannot read (a protocol we do
 * not know) is left out and counted rather than failing the whole message. The signed peer record is kept as
 * bytes here; {@link PeerRecordVerifier} verifies it.
 *
 * @param protocolVersion  e.g. {@code ipfs/0.1.0}; null when absent
 * @param agentVersion     the remote's software; null when absent
 * @param publicKey        the remote's identity key; null when absent
 * @param listenAddrs      where the remote listens
 * @param observedAddr     how the remote sees us; null when absent or unreadable
 * @param protocols        protocols the remote serves
 * @param signedPeerRecord the enveloped signed peer record; null when absent
 * @param skippedAddrs     addresses left out because they did not parse
 */
public record IdentifyMessage(String protocolVersion, String agentVersion, PeerPublicKey publicKey,
        List<Multiaddr> listenAddrs, Multiaddr observedAddr, List<String> protocols, byte[] signedPeerRecord,
        int skippedAddrs) {
    /** Largest encoded message accepted (js-libp2p's identify limit). */
    public static final int MAX_SIZE = 8192;
    /** Most protocols or addresses in one message. */
    public static final int MAX_LIST = 128;

    public IdentifyMessage {
        listenAddrs = List.copyOf(listenAddrs);
        protocols = List.copyOf(protocols);
        signedPeerRecord = signedPeerRecord == null ? null : signedPeerRecord.clone();
    }

    @Override
    public byte[] signedPeerRecord() {
        return signedPeerRecord == null ? null : signedPeerRecord.clone();
    }

    /**
     * This message with what an identify-push {@code update} says: the push may be partial (identify spec), so a
     * field it leaves out, or a list it sends empty, keeps its value from this message.
     */
    public IdentifyMessage updatedBy(IdentifyMessage update) {
        boolean newAddrs = !update.listenAddrs.isEmpty() || update.skippedAddrs > 0;
        return new IdentifyMessage(
                update.protocolVersion != null ? update.protocolVersion : protocolVersion,
                update.agentVersion != null ? update.agentVersion : agentVersion,
                update.publicKey != null ? update.publicKey : publicKey,
                newAddrs ? update.listenAddrs : listenAddrs,
                update.observedAddr != null ? update.observedAddr : observedAddr,
                update.protocols.isEmpty() ? protocols : update.protocols,
                update.signedPeerRecord != null ? update.signedPeerRecord : signedPeerRecord,
                newAddrs ? update.skippedAddrs : skippedAddrs);
    }

    /** The protobuf encoding (without the length prefix; see {@link UvarintFrames}). */
    public byte[] encode() {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(buffer);
            if (publicKey != null) {
                out.writeByteArray(1, publicKey.toProtobuf());
            }
            for (Multiaddr addr : listenAddrs) {
                out.writeByteArray(2, addr.toBytes());
            }
            for (String protocol : protocols) {
                out.writeString(3, protocol);
            }
            if (observedAddr != null) {
                out.writeByteArray(4, observedAddr.toBytes());
            }
            if (protocolVersion != null) {
                out.writeString(5, protocolVersion);
            }
            if (agentVersion != null) {
                out.writeString(6, agentVersion);
            }
            if (signedPeerRecord != null) {
                out.writeByteArray(8, signedPeerRecord);
            }
            out.flush();
            if (buffer.size() > MAX_SIZE) {
                throw new IllegalArgumentException("identify message of " + buffer.size() + " bytes exceeds "
                        + MAX_SIZE);
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a message.
     *
     * @throws ProtocolViolationException when it is oversized, malformed, lists too much or carries a bad key
     */
    public static IdentifyMessage decode(byte[] encoded) {
        if (encoded.length > MAX_SIZE) {
            throw new ProtocolViolationException("identify message of " + encoded.length + " bytes exceeds "
                    + MAX_SIZE);
        }
        Fields f = new Fields();
        try {
            CodedInputStream in = CodedInputStream.newInstance(encoded);
            int tag;
            while ((tag = in.readTag()) != 0) {
                read(in, tag, f);
                if (f.addrs.size() + f.skipped > MAX_LIST || f.protocols.size() > MAX_LIST) {
                    throw new ProtocolViolationException("identify message lists more than " + MAX_LIST
                            + " addresses or protocols");
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolViolationException("malformed identify message: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new IdentifyMessage(f.protocolVersion, f.agentVersion, f.key, f.addrs, f.observed, f.protocols,
                f.record, f.skipped);
    }

    /** The fields seen so far while decoding. */
    private static final class Fields {
        String protocolVersion;
        String agentVersion;
        PeerPublicKey key;
        final List<Multiaddr> addrs = new ArrayList<>();
        Multiaddr observed;
        final List<String> protocols = new ArrayList<>();
        byte[] record;
        int skipped;
    }

    private static void read(CodedInputStream in, int tag, Fields f) throws IOException {
        int field = WireFormat.getTagFieldNumber(tag);
        boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
        if (!delimited || field < 1 || field > 8 || field == 7) {
            if (!in.skipField(tag)) {
                throw new ProtocolViolationException("unexpected end-group tag in identify message");
            }
            return;
        }
        switch (field) {
            case 1 -> f.key = key(in.readByteArray());
            case 2 -> {
                Multiaddr addr = addr(in.readByteArray());
                if (addr == null) {
                    f.skipped++;
                } else {
                    f.addrs.add(addr);
                }
            }
            case 3 -> f.protocols.add(in.readStringRequireUtf8());
            case 4 -> f.observed = addr(in.readByteArray());
            case 5 -> f.protocolVersion = in.readStringRequireUtf8();
            case 6 -> f.agentVersion = in.readStringRequireUtf8();
            case 8 -> f.record = in.readByteArray();
            default -> throw new IllegalStateException("unreachable identify field " + field);
        }
    }

    private static PeerPublicKey key(byte[] bytes) {
        try {
            return PeerPublicKey.fromProtobuf(bytes);
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolationException("bad publicKey in identify message: " + e.getMessage(), e);
        }
    }

    private static Multiaddr addr(byte[] bytes) {
        try {
            return Multiaddr.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

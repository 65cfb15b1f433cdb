package org.olocus.discovery.transport.internal.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.transport.internal.TestProtobuf.proto;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;


import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.ProtocolViolationException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class PeerRecordTest {
    private static final HexFormat HEX = HexFormat.of();
    private final Ed25519TestPeer peer = new Ed25519TestPeer();
    private final Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    private final Multiaddr b = Multiaddr.parse("/ip6/::1/tcp/4002");

    private static byte[] addressInfo(byte[] multiaddr) throws IOException {
        return proto(out -> out.writeByteArray(1, multiaddr));
    }

    @Test
    void encodesLikeJsLibp2p() {
        PeerRecord record = new PeerRecord(PeerId.fromString(SignedEnvelopeTest.JS_PEER), 1700000000123L,
                List.of(a, b), 0);
        assertEquals(SignedEnvelopeTest.JS_RECORD, HEX.formatHex(record.encode()));
        assertEquals(record, PeerRecord.decode(HEX.parseHex(SignedEnvelopeTest.JS_RECORD)));
    }

    @Test
    void opensJsLibp2psSignedRecord() {
        PeerRecord record = PeerRecord.open(HEX.parseHex(SignedEnvelopeTest.JS_ENVELOPE));
        assertEquals(PeerId.fromString(SignedEnvelopeTest.JS_PEER), record.peerId());
        assertEquals(1700000000123L, record.seq());
        assertEquals(List.of(a, b), record.addresses());
    }

    @Test
    void ourSignedRecordVerifies() {
        PeerRecord record = new PeerRecord(peer.peerId(), 42, List.of(a, b), 0);
        assertEquals(record, PeerRecord.open(record.sign(peer).encode()));
        assertArrayEquals(new byte[] {0x03, 0x01}, record.sign(peer).payloadType());
    }

    @Test
    void seqIsAnUnsigned64BitValue() {
        PeerRecord max = new PeerRecord(peer.peerId(), -1L, List.of(), 0);
        assertEquals(-1L, PeerRecord.decode(max.encode()).seq());
        assertEquals(0L, PeerRecord.decode(new PeerRecord(peer.peerId(), 0, List.of(), 0).encode()).seq());
    }

    @Test
    void signerMustBeTheRecordsPeer() {
        PeerRecord someoneElses = new PeerRecord(new Ed25519TestPeer().peerId(), 1, List.of(a), 0);
        assertThrows(IllegalArgumentException.class, () -> someoneElses.sign(peer));
        // a forger signs another peer's record with its own key: the envelope verifies, the record does not
        SignedEnvelope forged = SignedEnvelope.seal(peer, PeerRecord.DOMAIN, PeerRecord.payloadType(),
                someoneElses.encode());
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> PeerRecord.open(forged.encode()));
        assertTrue(e.getMessage().contains("is signed by " + peer.peerId()), e.getMessage());
    }

    @Test
    void wrongDomainOrPayloadTypeIsRefused() {
        byte[] payload = new PeerRecord(peer.peerId(), 1, List.of(a), 0).encode();
        byte[] otherDomain = SignedEnvelope.seal(peer, "libp2p-routing-state", PeerRecord.payloadType(), payload)
                .encode();
        assertThrows(ProtocolViolationException.class, () -> PeerRecord.open(otherDomain));
        byte[] otherType = SignedEnvelope.seal(peer, PeerRecord.DOMAIN, new byte[] {0x03, 0x02}, payload).encode();
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> PeerRecord.open(otherType));
        assertTrue(e.getMessage().contains("0302"), e.getMessage());
    }

    @Test
    void unreadableAddressesAreSkippedAndCountedUnknownFieldsIgnored() throws IOException {
        byte[] encoded = proto(out -> {
            out.writeByteArray(1, peer.peerId().toBytes());
            out.writeUInt64(2, 7);
            out.writeByteArray(3, addressInfo(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F})); // unknown code
            out.writeByteArray(3, addressInfo(new byte[0])); // empty, as js-libp2p filters them
            out.writeByteArray(3, new byte[0]); // AddressInfo without its multiaddr
            out.writeByteArray(3, proto(o -> {
                o.writeUInt32(5, 1); // future per-address metadata
                o.writeByteArray(1, a.toBytes());
            }));
            out.writeString(9, "future field");
        });
        PeerRecord record = PeerRecord.decode(encoded);
        assertEquals(List.of(a), record.addresses());
        assertEquals(3, record.skippedAddrs());
        assertEquals(7, record.seq());
    }

    @Test
    void malformedRecordsAreRefusedWithTheirReason() throws IOException {
        assertRefused("lacks its peer_id", proto(out -> out.writeUInt64(2, 1)));
        assertRefused("bad peer_id", proto(out -> out.writeByteArray(1, new byte[] {0x12, 0x02, 1, 2})));
        assertRefused("wire type", proto(out -> {
            out.writeByteArray(1, peer.peerId().toBytes());
            out.writeByteArray(2, new byte[] {1});
        }));
        assertRefused("more than " + PeerRecord.MAX_ADDRESSES, proto(out -> {
            out.writeByteArray(1, peer.peerId().toBytes());
            for (int i = 0; i <= PeerRecord.MAX_ADDRESSES; i++) {
                out.writeByteArray(3, addressInfo(Multiaddr.parse("/ip4/10.0.0.1/tcp/" + (1000 + i)).toBytes()));
            }
        }));
        assertRefused("exceeds", new byte[SignedEnvelope.MAX_SIZE + 1]);
        byte[] good = new PeerRecord(peer.peerId(), 99, List.of(a, b), 0).encode();
        int refused = 0;
        for (int cut = 0; cut < good.length; cut++) {
            try {
                PeerRecord.decode(Arrays.copyOf(good, cut));
            } catch (ProtocolViolationException expected) {
                refused++; // a cut between fields is a shorter valid record (once the peer id is complete)
            }
        }
        assertTrue(refused > good.length / 2, "cuts refused: " + refused + " of " + good.length);
    }

    @Test
    void tooManyAddressesIsOurBug() {
        List<Multiaddr> many = java.util.stream.IntStream.rangeClosed(0, PeerRecord.MAX_ADDRESSES)
                .mapToObj(i -> Multiaddr.parse("/ip4/10.0.0.1/tcp/" + (1000 + i))).toList();
        assertThrows(IllegalArgumentException.class, () -> new PeerRecord(peer.peerId(), 1, many, 0));
    }

    @Property(tries = 300)
    void randomBytesEndInProtocolViolationOrARecord(@ForAll @Size(max = 300) byte[] bytes) {
        try {
            PeerRecord record = PeerRecord.decode(bytes);
            assertTrue(record.addresses().size() + record.skippedAddrs() <= PeerRecord.MAX_ADDRESSES);
        } catch (ProtocolViolationException expected) {
            // refused, with a reason
        }
        assertThrows(ProtocolViolationException.class, () -> PeerRecord.open(bytes));
    }

    private static void assertRefused(String reason, byte[] encoded) {
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> PeerRecord.decode(encoded));
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
    }
}

package org.olocus.discovery.transport.internal.identify;

import java.util.List;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;

/**
 * Costs of signed peer records, one thread: signing our record, verifying one, and the cached envelope that
 * identify uses. A main that prints a table (not a test).
 */
public final class PeerRecordBench {
    private PeerRecordBench() {
    }

    public static void main(String[] args) {
        Ed25519TestPeer peer = new Ed25519TestPeer();
        List<Multiaddr> addresses = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"),
                Multiaddr.parse("/ip6/::1/tcp/4001"));
        PeerRecord record = new PeerRecord(peer.peerId(), 1, addresses, 0);
        byte[] envelope = record.sign(peer).encode();
        PeerRecordIssuer issuer = new PeerRecordIssuer(peer);
        IdentifyMessage message = new IdentifyMessage(null, null, peer.publicKey(), addresses, null, List.of(),
                envelope, 0);
        PeerRecordVerifier verifier = new PeerRecordVerifier();
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            boolean print = round == 1;
            measure(print, "sign + encode our record", 2_000, () -> record.sign(peer).encode());
            measure(print, "open + verify a record", 2_000, () -> PeerRecord.open(envelope));
            measure(print, "verifier on an identify message", 2_000,
                    () -> verifier.verifiedAddresses(message, peer.peerId()));
            measure(print, "issuer, cached envelope", 200_000, () -> issuer.envelopeFor(addresses));
        }
    }

    private static void measure(boolean print, String what, int n, Runnable op) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / n;
        if (print) {
            System.out.printf("| %-34s | %10.2f µs |%n", what, micros);
        }
    }
}

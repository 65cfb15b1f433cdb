package org.olocus.discovery.transport.internal.noise;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;

import org.olocus.discovery.transport.internal.Ed25519TestPeer;

/**
 * A bench main for the engines alone (no sockets, one thread): libp2p Noise handshakes per second and Noise
 * transport throughput. It bounds what the libp2p host can reach; it is not the end-to-end benchmark.
 * Run: see the module README.
 */
public final class UpgradeEnginesBench {
    private static final SecureRandom RANDOM = new SecureRandom();

    private UpgradeEnginesBench() {
    }

    public static void main(String[] args) {
        // One Noise identity per node, as a host keeps it: the static key is signed once.
        NoiseIdentity alice = new NoiseIdentity(new Ed25519TestPeer(), List.of(), RANDOM);
        NoiseIdentity bob = new NoiseIdentity(new Ed25519TestPeer(), List.of(), RANDOM);
        handshakes(alice, bob, 500); // warm-up
        int count = 3000;
        long start = System.nanoTime();
        handshakes(alice, bob, count);
        double handshakeSeconds = (System.nanoTime() - start) / 1e9;

        NoiseTransport[] pair = handshakePair(alice, bob);
        byte[] chunk = new byte[NoiseTransport.MAX_PLAINTEXT];
        RANDOM.nextBytes(chunk);
        long bytes = 0;
        for (int i = 0; i < 2000; i++) { // warm-up
            pair[1].open(ByteBuffer.wrap(pair[0].seal(chunk)));
        }
        start = System.nanoTime();
        for (int i = 0; i < 8000; i++) {
            pair[1].open(ByteBuffer.wrap(pair[0].seal(chunk)));
            bytes += chunk.length;
        }
        double transportSeconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("%-48s %12s%n", "figure (one thread, in memory)", "value");
        System.out.printf("%-48s %12.0f%n", "libp2p Noise XX handshakes/s (both sides)", count / handshakeSeconds);
        System.out.printf("%-48s %12.1f%n", "Noise seal+open throughput, MiB/s",
                bytes / transportSeconds / (1024 * 1024));
    }

    private static void handshakes(NoiseIdentity alice, NoiseIdentity bob, int count) {
        for (int i = 0; i < count; i++) {
            handshakePair(alice, bob);
        }
    }

    private static NoiseTransport[] handshakePair(NoiseIdentity alice, NoiseIdentity bob) {
        LibP2pNoiseSession dialer = LibP2pNoiseSession.initiator(alice, bob.local().peerId(), RANDOM);
        LibP2pNoiseSession listener = LibP2pNoiseSession.responder(bob, RANDOM);
        byte[] second = listener.receive(ByteBuffer.wrap(dialer.start()));
        listener.receive(ByteBuffer.wrap(dialer.receive(ByteBuffer.wrap(second))));
        if (!dialer.isComplete() || !listener.isComplete()) {
            throw new IllegalStateException("handshake did not complete");
        }
        return new NoiseTransport[] {dialer.result().transport(), listener.result().transport()};
    }
}

package org.olocus.discovery.itests.mechanism;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerPublicKey;

/**
 * A test mechanism that returns a fixed list of peers every round. It records each call it receives in a system
 * property ({@code olocus.itests.<name>.<call>} = count), so a test can see the calls even when this class lives in
 * a bundle of its own (another class space, same JVM). No inner classes: TinyBundles copies this class alone.
 */
public final class StaticMechanism implements DiscoveryMechanism {
    private final String name;
    private final List<PeerInfo> peers;
    private volatile boolean active;

    public StaticMechanism(String name, List<PeerInfo> peers) {
        this.name = name;
        this.peers = List.copyOf(peers);
    }

    /** A mechanism named {@code name} that finds {@link #peers(String, int) peers(name, count)}. */
    public static StaticMechanism of(String name, int count) {
        return new StaticMechanism(name, peers(name, count));
    }

    /**
     * {@code count} peers derived from {@code seed} alone, so the bundle and the test agree on them without
     * sharing state: Ed25519-style ids from SHA-256 of the seed and index, one loopback address each.
     */
    public static List<PeerInfo> peers(String seed, int count) {
        List<PeerInfo> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(PeerInfo.discovered(id(seed + "#" + i),
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + (10_000 + i))), DiscoveryType.BOOTSTRAP));
        }
        return out;
    }

    /** A valid peer id (identity multihash of a 32-byte Ed25519 key) derived from {@code seed}. */
    public static PeerId id(String seed) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return PeerPublicKey.of(KeyType.ED25519, key).toPeerId();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many times mechanism {@code name} received {@code call} (start, stop, discoverPeers, announceSelf). */
    public static int calls(String name, String call) {
        return Integer.parseInt(System.getProperty(key(name, call), "0"));
    }

    static void record(String name, String call) {
        synchronized (System.getProperties()) {
            System.setProperty(key(name, call), Integer.toString(calls(name, call) + 1));
        }
    }

    private static String key(String name, String call) {
        return "olocus.itests." + name + "." + call;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DiscoveryType type() {
        return DiscoveryType.BOOTSTRAP;
    }

    @Override
    public CompletionStage<Void> start(DiscoveryContext context) {
        record(name, "start");
        active = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> stop() {
        record(name, "stop");
        active = false;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<PeerInfo>> discoverPeers() {
        record(name, "discoverPeers");
        return CompletableFuture.completedFuture(peers);
    }

    @Override
    public CompletionStage<Void> announceSelf(PeerInfo self) {
        record(name, "announceSelf");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public String toString() {
        return "StaticMechanism " + name + " (" + peers.size() + " peers)";
    }
}

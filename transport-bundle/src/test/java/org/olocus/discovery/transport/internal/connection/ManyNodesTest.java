package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.RingWithChords;
import org.olocus.discovery.transport.internal.identify.IdentifyMessage;

/**
 * 200 nodes' worth of connections on one machine: 200 Java hosts in one JVM, each with one I/O thread and its own
 * loopback address ({@code 127.0.1.1} … {@code 127.0.1.200}, as distinct machines would have); each dials 5 others (its ring successor and 4 random chords, no pair linked twice), 1,000 connections
 * in all. Every connection must be upgraded on both ends, each end must have the other's identify (its key and
 * listen address), a sample of connections must answer pings, and closing the hosts must leave no
 * {@code olocus-transport-io} thread.
 */
class ManyNodesTest {
    private static final int NODES = 200;
    private static final int CHORDS = 4;
    /** Dials in flight at once: enough to overlap, few enough that no handshake waits out its timeout. */
    private static final int DIALS_IN_FLIGHT = 16;
    private static final int PINGS = 100;
    private static final long SEED = 20_261_125L;
    private static final String IO_THREAD = "olocus-transport-io";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<Libp2pHost> hosts = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        closeAll(); // again, in case the test failed before its own close
    }

    @Test
    void twoHundredHostsWithAThousandConnectionsAllUpgradedIdentifiedAndClosed() throws Exception {
        // Threads of hosts that other tests closed may still be ending: count only the threads our hosts start.
        Set<Thread> threadsBefore = ioThreads();
        long t0 = System.nanoTime();
        List<Ed25519TestPeer> peers = new ArrayList<>();
        List<Multiaddr> addresses = new ArrayList<>();
        Map<PeerId, Integer> indexOf = new HashMap<>();
        HostConfig config = oneIoThread(HostConfig.defaults());
        for (int i = 0; i < NODES; i++) {
            Ed25519TestPeer peer = new Ed25519TestPeer();
            Libp2pHost host = new Libp2pHost(peer, config);
            hosts.add(host);
            peers.add(peer);
            indexOf.put(peer.peerId(), i);
            addresses.add(host.listen(new InetSocketAddress(loopbackAddress(i), 0)));
        }
        long started = System.nanoTime();
        Set<Thread> ours = ioThreads();
        ours.removeAll(threadsBefore);
        assertEquals(NODES, ours.size(), "one I/O thread per listening host");

        List<int[]> links = RingWithChords.plan(NODES, CHORDS, new Random(SEED));
        List<Set<Integer>> neighbours = neighbours(links);
        int maxInbound = inboundCounts(links).stream().max(Integer::compare).orElseThrow();
        assertTrue(maxInbound <= config.limits().maxInbound() && CHORDS + 1 <= config.limits().maxOutbound(),
                "the plan needs " + maxInbound + " inbound / " + (CHORDS + 1) + " outbound connections per host, more"
                        + " than the connection manager allows: " + config.limits());

        List<CompletableFuture<Libp2pConnection>> dials = dialAll(links, peers, addresses);
        awaitDials(links, dials, peers, WAIT);
        for (int k = 0; k < links.size(); k++) {
            int[] link = links.get(k);
            assertEquals(peers.get(link[1]).peerId(), dials.get(k).join().remotePeer(),
                    "link " + link[0] + " -> " + link[1]);
        }
        await(() -> {
            for (int i = 0; i < NODES; i++) {
                if (hosts.get(i).connections().size() != neighbours.get(i).size()) {
                    return false;
                }
            }
            return true;
        }, "every host holds one connection per planned link");
        int connections = 0;
        for (int i = 0; i < NODES; i++) {
            Set<Integer> remotes = new HashSet<>();
            for (Libp2pConnection c : hosts.get(i).connections()) {
                int remote = indexOf.get(c.remotePeer());
                remotes.add(remote);
                IdentifyMessage about = c.remoteIdentify().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(c.remotePeer(), about.publicKey().toPeerId(), "host " + i + " identify of " + remote);
                assertEquals(List.of(addresses.get(remote)), about.listenAddrs(), "host " + i + " about " + remote);
                connections++;
            }
            assertEquals(neighbours.get(i), remotes, "host " + i + "'s peers");
        }
        assertEquals(2 * links.size(), connections);
        long connected = System.nanoTime();

        Random sample = new Random(SEED + 1);
        for (int p = 0; p < PINGS; p++) {
            int[] link = links.get(sample.nextInt(links.size()));
            Libp2pHost host = hosts.get(link[0]);
            Libp2pConnection c = host.connections().stream()
                    .filter(x -> x.remotePeer().equals(peers.get(link[1]).peerId())).findFirst().orElseThrow();
            assertTrue(host.ping(c).get(10, TimeUnit.SECONDS).toNanos() > 0);
        }
        long pinged = System.nanoTime();
        int jvmThreads = Thread.getAllStackTraces().size();

        closeAll();
        await(() -> ours.stream().noneMatch(Thread::isAlive), "no " + IO_THREAD + " thread left after closing every"
                + " host");
        long closed = System.nanoTime();
        System.err.printf("%d hosts (%d %s threads, %d JVM threads in all) started in %d ms; %d connections "
                + "(%d links) upgraded and identified in %d ms; %d pings in %d ms; all closed in %d ms%n",
                NODES, NODES, IO_THREAD, jvmThreads, ms(started - t0), connections, links.size(),
                ms(connected - started), PINGS, ms(pinged - connected), ms(closed - pinged));
    }

    private static List<Set<Integer>> neighbours(List<int[]> links) {
        List<Set<Integer>> result = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            result.add(new HashSet<>());
        }
        for (int[] link : links) {
            result.get(link[0]).add(link[1]);
            result.get(link[1]).add(link[0]);
        }
        return result;
    }

    private static List<Integer> inboundCounts(List<int[]> links) {
        int[] counts = new int[NODES];
        links.forEach(link -> counts[link[1]]++);
        List<Integer> result = new ArrayList<>();
        for (int c : counts) {
            result.add(c);
        }
        return result;
    }

    /**
     * Starts every dial, at most {@link #DIALS_IN_FLIGHT} at once; if those in flight do not end within
     * {@link #WAIT}, fails naming them (rather than waiting for ever).
     */
    private List<CompletableFuture<Libp2pConnection>> dialAll(List<int[]> links, List<Ed25519TestPeer> peers,
            List<Multiaddr> addresses) throws InterruptedException {
        Semaphore inFlight = new Semaphore(DIALS_IN_FLIGHT);
        List<CompletableFuture<Libp2pConnection>> dials = new ArrayList<>();
        long startBy = System.nanoTime() + WAIT.toNanos();
        for (int[] link : links) {
            if (!inFlight.tryAcquire(startBy - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                awaitDials(links.subList(0, dials.size()), dials, peers, Duration.ZERO);
                throw new AssertionError("dials in flight did not end within " + WAIT.toSeconds() + " s");
            }
            CompletableFuture<Libp2pConnection> dial = hosts.get(link[0])
                    .dial(addresses.get(link[1]).withPeerId(peers.get(link[1]).peerId()));
            dial.whenComplete((c, e) -> inFlight.release());
            dials.add(dial);
        }
        return dials;
    }

    /**
     * Waits for every dial (at most {@code wait}); on failure or timeout says how many links failed or hang, and
     * the first causes.
     */
    private void awaitDials(List<int[]> links, List<CompletableFuture<Libp2pConnection>> dials,
            List<Ed25519TestPeer> peers, Duration wait) throws InterruptedException {
        try {
            CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new)).get(wait.toMillis(),
                    TimeUnit.MILLISECONDS);
            return;
        } catch (ExecutionException | TimeoutException e) {
            // reported below, with every failed or pending link
        }
        List<String> failed = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (int k = 0; k < links.size(); k++) {
            String link = links.get(k)[0] + " -> " + links.get(k)[1];
            CompletableFuture<Libp2pConnection> dial = dials.get(k);
            if (!dial.isDone()) {
                // Whether the connection exists on either end tells a stuck upgrade from a lost completion.
                pending.add(link + " (dialer holds it: " + holds(links.get(k)[0], peers.get(links.get(k)[1]))
                        + ", listener holds it: " + holds(links.get(k)[1], peers.get(links.get(k)[0])) + ")");
            } else if (dial.isCompletedExceptionally()) {
                failed.add(link + ": " + dial.handle((c, e) -> String.valueOf(e)).join());
            }
        }
        throw new AssertionError(failed.size() + " of " + links.size() + " dials failed and " + pending.size()
                + " still pending after " + WAIT.toSeconds() + " s; failed: "
                + failed.subList(0, Math.min(5, failed.size())) + "; pending: "
                + pending.subList(0, Math.min(5, pending.size())));
    }

    private boolean holds(int host, Ed25519TestPeer remote) {
        return hosts.get(host).connections().stream().anyMatch(c -> c.remotePeer().equals(remote.peerId()));
    }

    /** Closes every host, several at once (each close waits for its event loop to end). */
    private void closeAll() {
        ExecutorService closers = Executors.newFixedThreadPool(8);
        try {
            CompletableFuture.allOf(hosts.stream().map(h -> CompletableFuture.runAsync(h::close, closers))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            closers.shutdown();
        }
        hosts.clear();
    }

    /** Host {@code i}'s own address in 127.0.0.0/8 (Linux answers on the whole range without configuration). */
    private static InetAddress loopbackAddress(int i) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (i + 1)});
    }

    /** The defaults with one event-loop thread. */
    private static HostConfig oneIoThread(HostConfig d) {
        return new HostConfig(d.handshakeTimeout(), d.dialTimeout(), 1, d.yamux(), d.agentVersion(), d.limits());
    }

    private static Set<Thread> ioThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(IO_THREAD)) {
                threads.add(t);
            }
        }
        return threads;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}

package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.RingWithChords;

/**
 * Many hosts on ONE IP address (127.0.0.1), as peers on one machine or behind one NAT look to each other: before
 * its Noise handshake an inbound connection is known only by that IP, so each host's dials may be held for
 * handshakes of other peers. 80 hosts dial a ring and random chords, some pairs dialling each other at the same
 * moment, while every fourth host also holds an inbound TCP connection from 127.0.0.1 that never says a word (it
 * waits out the handshake timeout). Every dial must end, with success, within a bound of three handshake timeouts
 * plus the connect timeout; every linked pair must end with exactly one shared connection, and every dial future
 * with that connection or, when a crossing dial came after the settle time, with the one that lost (counted).
 */
class ConnectionSharedAddressTest {
    private static final int NODES = 80;
    private static final int CHORDS = 3;
    /** Links also dialled from their other end at the same moment. */
    private static final int SIMULTANEOUS = 24;
    private static final int DIALS_IN_FLIGHT = 24;
    private static final long SEED = 20_261_126L;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final List<Libp2pHost> hosts = new ArrayList<>();
    private final List<Socket> silent = new ArrayList<>();

    /** One dial: from host {@code from} to host {@code to}, with its start and end times. */
    private static final class Dial {
        final int from;
        final int to;
        final long started = System.nanoTime();
        volatile long ended;
        CompletableFuture<Libp2pConnection> future;

        Dial(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    @AfterEach
    void closeEverything() throws IOException {
        for (Socket s : silent) {
            s.close();
        }
        ExecutorService closers = Executors.newFixedThreadPool(8);
        try {
            CompletableFuture.allOf(hosts.stream().map(h -> CompletableFuture.runAsync(h::close, closers))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            closers.shutdown();
        }
        hosts.clear();
    }

    @Test
    void hostsSharingOneAddressEndEveryDialWithOneSharedConnectionPerPair() throws Exception {
        HostConfig d = HostConfig.defaults();
        HostConfig config = new HostConfig(d.handshakeTimeout(), d.dialTimeout(), 1, d.yamux(), d.agentVersion(),
                d.limits());
        List<PeerId> ids = new ArrayList<>();
        List<Multiaddr> addresses = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            Ed25519TestPeer peer = new Ed25519TestPeer();
            Libp2pHost host = new Libp2pHost(peer, config);
            hosts.add(host);
            ids.add(peer.peerId());
            addresses.add(host.listen(new InetSocketAddress("127.0.0.1", 0)).withPeerId(peer.peerId()));
        }
        for (int i = 0; i < NODES; i += 4) { // handshakes from the shared IP that never prove anyone
            silent.add(new Socket("127.0.0.1", addresses.get(i).withoutPeerId().toSocketAddress().orElseThrow()
                    .getPort()));
        }
        Random random = new Random(SEED);
        List<int[]> links = RingWithChords.plan(NODES, CHORDS, random);

        List<Dial> dials = new ArrayList<>();
        List<Dial[]> pairs = new ArrayList<>();
        Set<Integer> simultaneous = new HashSet<>();
        while (simultaneous.size() < SIMULTANEOUS) {
            simultaneous.add(random.nextInt(links.size()));
        }
        Semaphore inFlight = new Semaphore(DIALS_IN_FLIGHT);
        long startBy = System.nanoTime() + WAIT.toNanos();
        for (int k = 0; k < links.size(); k++) {
            int[] link = links.get(k);
            boolean both = simultaneous.contains(k);
            if (!inFlight.tryAcquire(both ? 2 : 1, startBy - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                awaitDials(dials, Duration.ZERO); // names the dials that do not end
                throw new AssertionError("dials in flight did not end within " + WAIT.toSeconds() + " s");
            }
            Dial there = start(link[0], link[1], addresses, inFlight);
            dials.add(there);
            if (both) { // the other end dials at the same moment
                Dial back = start(link[1], link[0], addresses, inFlight);
                dials.add(back);
                pairs.add(new Dial[] {there, back});
            }
        }
        awaitDials(dials, WAIT);

        long bound = 3 * config.handshakeTimeout().toNanos() + config.dialTimeout().toNanos()
                + TimeUnit.SECONDS.toNanos(5);
        for (Dial dial : dials) {
            Libp2pConnection c = dial.future.join();
            assertEquals(ids.get(dial.to), c.remotePeer(), "dial " + dial);
            assertTrue(dial.ended - dial.started <= bound, "dial " + dial + " took "
                    + TimeUnit.NANOSECONDS.toMillis(dial.ended - dial.started) + " ms, more than the bound of "
                    + TimeUnit.NANOSECONDS.toMillis(bound) + " ms");
        }
        for (int[] link : links) {
            int a = link[0];
            int b = link[1];
            await(() -> connectionsTo(a, ids.get(b)).size() == 1 && connectionsTo(b, ids.get(a)).size() == 1,
                    () -> "one connection at each end of " + a + " - " + b + ": " + connectionsTo(a, ids.get(b))
                            .stream().map(ConnectionSharedAddressTest::describe).toList() + " / "
                            + connectionsTo(b, ids.get(a)).stream().map(ConnectionSharedAddressTest::describe)
                            .toList());
            Libp2pConnection onA = connectionsTo(a, ids.get(b)).get(0);
            Libp2pConnection onB = connectionsTo(b, ids.get(a)).get(0);
            assertEquals(onA.localAddress(), onB.remoteAddress(), "link " + a + " - " + b + ": one TCP connection");
            assertEquals(onA.remoteAddress(), onB.localAddress(), "link " + a + " - " + b + ": one TCP connection");
        }
        int late = 0;
        for (Dial dial : dials) { // a dial ended with the connection both ends kept, or with the loser of a crossing
            Libp2pConnection ended = dial.future.join();
            if (hosts.get(dial.from).connection(ids.get(dial.to)).orElseThrow() != ended) {
                assertTrue(ended.isSuperseded(), "dial " + dial + " ended with " + describe(ended)
                        + ", neither kept nor lost to a crossing dial");
                late++;
            }
        }
        System.err.printf("shared address: %d dial futures ended on the losing connection of a crossing%n", late);
        for (Libp2pHost host : hosts) {
            assertEquals(0, host.manager().heldDials(), "no dial left held");
        }
        long longest = dials.stream().mapToLong(x -> x.ended - x.started).max().orElseThrow();
        System.err.printf("shared address: %d hosts on 127.0.0.1, %d dials (%d simultaneous pairs, %d silent "
                + "handshakes) all ended; longest dial %d ms%n", NODES, dials.size(), pairs.size(), silent.size(),
                TimeUnit.NANOSECONDS.toMillis(longest));
    }

    private Dial start(int from, int to, List<Multiaddr> addresses, Semaphore inFlight) {
        Dial dial = new Dial(from, to);
        dial.future = hosts.get(from).dial(addresses.get(to));
        dial.future.whenComplete((c, e) -> {
            dial.ended = System.nanoTime();
            inFlight.release();
        });
        return dial;
    }

    /** Waits for every dial (at most {@code wait}); on failure or timeout names the failed and pending ones and what each host holds. */
    private void awaitDials(List<Dial> dials, Duration wait) throws InterruptedException {
        try {
            CompletableFuture.allOf(dials.stream().map(x -> x.future).toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (ExecutionException | TimeoutException e) {
            // reported below
        }
        List<String> failed = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (Dial dial : dials) {
            if (!dial.future.isDone()) {
                pending.add(dial + " (held dials at the dialer: " + hosts.get(dial.from).manager().heldDials()
                        + ", pending handshakes there: " + hosts.get(dial.from).stats() + ")");
            } else if (dial.future.isCompletedExceptionally()) {
                failed.add(dial + ": " + dial.future.handle((c, e) -> String.valueOf(e)).join());
            }
        }
        throw new AssertionError(failed.size() + " of " + dials.size() + " dials failed and " + pending.size()
                + " still pending after " + WAIT.toSeconds() + " s; failed: "
                + failed.subList(0, Math.min(5, failed.size())) + "; pending: "
                + pending.subList(0, Math.min(5, pending.size())));
    }

    private List<Libp2pConnection> connectionsTo(int host, PeerId peer) {
        return hosts.get(host).connections().stream().filter(c -> c.remotePeer().equals(peer)).toList();
    }

    private static String describe(Libp2pConnection c) {
        return (c.isDialer() ? "out " : "in ") + c.localAddress() + "->" + c.remoteAddress()
                + (c.isSuperseded() ? " superseded" : "") + (c.isOpen() ? "" : " closed");
    }

    private static void await(BooleanSupplier condition, Supplier<String> what)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 30 s: " + what.get());
            }
            Thread.sleep(20);
        }
    }
}

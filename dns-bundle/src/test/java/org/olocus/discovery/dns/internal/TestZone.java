package org.olocus.discovery.dns.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.olocus.discovery.api.PeerId;

/**
 * The zone {@code olocus.test.} the real-server tests and the benchmark serve, with freshly generated peer ids:
 * SRV targets of several priorities and weights, a target without TXT, a malformed TXT, a multi-string TXT, a
 * CNAME'd target, an AAAA-only target, a 2-second TTL to change live, a /dnsaddr tree with recursion, a loop, a
 * peer filter and depth limits, and an answer too big for UDP.
 */
final class TestZone {
    static final String ZONE = "olocus.test";
    static final int NEGATIVE_TTL = 30;
    static final int BIG_DNSADDR = 100;

    final PeerId alpha = TestPeers.newPeerId();
    final PeerId beta = TestPeers.newPeerId();
    final PeerId delta = TestPeers.newPeerId();
    final PeerId epsilon = TestPeers.newPeerId();
    final PeerId zeta = TestPeers.newPeerId();
    final PeerId ttlFirst = TestPeers.newPeerId();
    final PeerId ttlSecond = TestPeers.newPeerId();
    final PeerId negativeLater = TestPeers.newPeerId();
    final PeerId boot1 = TestPeers.newPeerId();
    final PeerId boot2 = TestPeers.newPeerId();
    final PeerId boot3 = TestPeers.newPeerId();
    final PeerId boot4 = TestPeers.newPeerId();
    final PeerId deepest8 = TestPeers.newPeerId();
    final PeerId deepest9 = TestPeers.newPeerId();
    final List<PeerId> bench = List.of(TestPeers.newPeerId(), TestPeers.newPeerId(), TestPeers.newPeerId());
    final List<PeerId> big = new ArrayList<>();

    TestZone() {
        for (int i = 0; i < BIG_DNSADDR; i++) {
            big.add(TestPeers.newPeerId());
        }
    }

    /** Zone name → zone file text, plus {@code broken.test}, configured without a file (Knot answers SERVFAIL). */
    Map<String, String> zones() {
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put(ZONE, text());
        zones.put("broken.test", null);
        return zones;
    }

    String text() {
        StringBuilder z = new StringBuilder();
        z.append("$ORIGIN ").append(ZONE).append(".\n$TTL 300\n");
        z.append("@ SOA ns hostmaster 1 3600 600 86400 ").append(NEGATIVE_TTL).append('\n');
        z.append("@ NS ns\nns A 127.0.0.1\n");

        // Domain olocus.test: six targets over four priorities.
        z.append("_olocus._tcp SRV 10 60 4001 alpha\n");
        z.append("_olocus._tcp SRV 10 20 4002 beta\n");
        z.append("_olocus._tcp SRV 20 0 4003 gamma\n");
        z.append("_olocus._tcp SRV 30 0 4004 delta\n");
        z.append("_olocus._tcp SRV 10 20 4005 epsilon-alias\n");
        z.append("_olocus._tcp SRV 40 0 4006 zeta\n");
        z.append("_olocus._tcp SRV 50 0 4007 eta\n");
        // alpha: one multi-string TXT record
        z.append("alpha A 127.0.0.11\nalpha AAAA ::1\n");
        z.append("_olocus-peer.alpha TXT \"peer_id=").append(alpha).append("\" \"addr=/ip4/127.0.0.11/tcp/4001/p2p/")
                .append(alpha).append("\" \"protocol=/olocus/1.0.0\" \"protocol=/ipfs/kad/1.0.0\"\n");
        // beta: the same entries spread over two TXT records
        z.append("beta A 127.0.0.12\n");
        z.append("_olocus-peer.beta TXT \"peer_id=").append(beta).append("\"\n");
        z.append("_olocus-peer.beta TXT \"addr=/dns4/beta.olocus.test/tcp/4002\"\n");
        // gamma: no TXT at all -> address-only
        z.append("gamma A 127.0.0.13\n");
        // delta: a malformed TXT; the good entries still count
        z.append("delta A 127.0.0.14\n");
        z.append("_olocus-peer.delta TXT \"peer_id=").append(delta).append("\" \"addr=/ip4/999.0.0.1/tcp/1\" ")
                .append("\"color=blue\" \"garbage\" \"\\255\\254\" \"addr=/ip4/127.0.0.14/tcp/4004\"\n");
        // epsilon-alias: a CNAME'd target, and its TXT name a CNAME too
        z.append("epsilon-alias CNAME epsilon\nepsilon A 127.0.0.15\n");
        z.append("_olocus-peer.epsilon-alias CNAME _olocus-peer.epsilon\n");
        z.append("_olocus-peer.epsilon TXT \"peer_id=").append(epsilon).append("\"\n");
        // zeta: AAAA only
        z.append("zeta AAAA ::1\n");
        z.append("_olocus-peer.zeta TXT \"peer_id=").append(zeta).append("\"\n");
        // eta: an id that is not one -> address-only, the reason counted
        z.append("eta A 127.0.0.17\n");
        z.append("_olocus-peer.eta TXT \"peer_id=QmNotAPeerId0OIl\" \"addr=/ip4/127.0.0.17/tcp/4007\"\n");

        // Domain ttl.olocus.test: a TXT with a 2 s TTL under an SRV of 300 s.
        z.append("_olocus._tcp.ttl SRV 0 0 4100 live.ttl\nlive.ttl A 127.0.0.30\n");
        z.append("_olocus-peer.live.ttl 2 TXT \"peer_id=").append(ttlFirst).append("\"\n");

        // Domain neg.olocus.test: a target whose TXT does not exist yet (negative answer, SOA TTL).
        z.append("_olocus._tcp.neg SRV 0 0 4200 later.neg\nlater.neg A 127.0.0.31\n");

        // Domain bench.olocus.test: three complete targets for the benchmark.
        for (int i = 0; i < bench.size(); i++) {
            z.append("_olocus._tcp.bench SRV 10 10 ").append(4300 + i).append(" b").append(i).append(".bench\n");
            z.append("b").append(i).append(".bench A 127.0.0.").append(40 + i).append('\n');
            z.append("_olocus-peer.b").append(i).append(".bench TXT \"peer_id=").append(bench.get(i)).append("\"\n");
        }

        // /dnsaddr: boot -> peers, recursion, a filtered child, a bad entry, an address-only entry, a dead end.
        z.append(dnsaddr("boot", "/ip4/127.0.0.21/tcp/4001/p2p/" + boot1));
        z.append(dnsaddr("boot", "/dnsaddr/nested." + ZONE));
        z.append(dnsaddr("boot", "/dnsaddr/filtered." + ZONE + "/p2p/" + boot3));
        z.append("_dnsaddr.boot TXT \"dnsaddr=not-a-multiaddr\"\n");
        z.append(dnsaddr("boot", "/ip4/127.0.0.25/tcp/4005"));
        z.append(dnsaddr("boot", "/dnsaddr/missing." + ZONE));
        z.append(dnsaddr("nested", "/ip6/::1/tcp/4002/p2p/" + boot2));
        z.append(dnsaddr("nested", "/dnsaddr/boot." + ZONE)); // the loop
        z.append(dnsaddr("filtered", "/ip4/127.0.0.23/tcp/4003/p2p/" + boot3));
        z.append(dnsaddr("filtered", "/ip4/127.0.0.24/tcp/4004/p2p/" + boot4));
        z.append(chain("deepa", 8, deepest8)); // exactly the depth limit: found
        z.append(chain("deepb", 9, deepest9)); // one level too deep: refused
        for (int i = 0; i < big.size(); i++) {
            z.append(dnsaddr("big", "/ip4/127.1." + (i / 250) + "." + (i % 250 + 1) + "/tcp/4001/p2p/" + big.get(i)));
        }
        return z.toString();
    }

    private static String dnsaddr(String owner, String multiaddr) {
        return "_dnsaddr." + owner + " TXT \"dnsaddr=" + multiaddr + "\"\n";
    }

    /** {@code prefix0 -> prefix1 -> … -> prefix<levels>}, the last holding the peer. */
    private static String chain(String prefix, int levels, PeerId peer) {
        StringBuilder z = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            z.append(dnsaddr(prefix + i, "/dnsaddr/" + prefix + (i + 1) + "." + ZONE));
        }
        z.append(dnsaddr(prefix + levels, "/ip4/127.0.0.50/tcp/4050/p2p/" + peer));
        return z.toString();
    }
}

package org.olocus.discovery.mdns.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;
import org.olocus.discovery.api.PeerId;

/**
 * What we advertise on one link: instance names and TXT records of our olocus service and of libp2p's
 * {@code _p2p._udp} service. Only addresses that belong to that link are put in (a multi-homed host never tells
 * one link about another link's address). The SRV port is the port of the first TCP address we announce on the
 * link, so peers dial what really listens. With nothing announced (no transport runs) the configured fallback port
 * is advertised with the link's own address, if one is configured; else nothing is advertised.
 */
final class OwnRecords {
    /** TXT records should stay well inside one packet (RFC 6763 §6.2 recommends under 1300 bytes). */
    static final int TXT_BUDGET = 1300;

    private final PeerId self;
    private final int port;

    OwnRecords(PeerId self, int port) {
        this.self = self;
        this.port = port;
    }

    /**
     * The port to put in our SRV record on {@code link}: that of the first TCP address we announce there, else the
     * configured fallback port; 0 when there is neither (then nothing is advertised).
     */
    int srvPort(LinkAddress link, List<Multiaddr> announced) {
        for (Multiaddr m : addressesFor(link, announced)) {
            List<Multiaddr.Component> cs = m.components();
            if (cs.size() >= 2 && cs.get(1).protocol() == MultiaddrProtocol.TCP) {
                return Integer.parseInt(cs.get(1).valueText());
            }
        }
        return 0;
    }

    /** Our olocus instance name: the peer id itself (at most 59 characters, inside a 63-byte DNS label). */
    String olocusInstanceName() {
        return self.toString();
    }

    /**
     * Our libp2p instance name. The libp2p spec asks for a lower-case alphanumeric label of 32+ characters and not
     * the peer id; we derive it from the id (hex of its SHA-256) so it is stable across restarts.
     */
    String libp2pInstanceName() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(self.toBytes());
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** Whether an instance label heard on the LAN is one of ours (JmDNS shows us our own services too). */
    boolean isOurs(String instanceName) {
        return instanceName.equals(olocusInstanceName()) || instanceName.equalsIgnoreCase(libp2pInstanceName());
    }

    /** TXT of the olocus service: {@code peer_id}, {@code protocol}, then {@code addr=} per address of the link. */
    TxtRecord olocusTxt(LinkAddress link, List<Multiaddr> announced) {
        List<TxtRecord.Entry> entries = new ArrayList<>();
        entries.add(new TxtRecord.Entry("peer_id", self.toString()));
        entries.add(new TxtRecord.Entry("protocol", MdnsSettings.PROTOCOL));
        addWithinBudget(entries, "addr", addressesFor(link, announced), false);
        return TxtRecord.of(entries);
    }

    /** TXT of the libp2p service: one {@code dnsaddr=<multiaddr>/p2p/<id>} per address of the link. */
    TxtRecord libp2pTxt(LinkAddress link, List<Multiaddr> announced) {
        List<TxtRecord.Entry> entries = new ArrayList<>();
        addWithinBudget(entries, "dnsaddr", addressesFor(link, announced), true);
        return TxtRecord.of(entries);
    }

    private void addWithinBudget(List<TxtRecord.Entry> entries, String key, List<Multiaddr> addresses,
                                 boolean withPeerId) {
        int size = entries.stream().mapToInt(e -> e.toBytes().length + 1).sum();
        for (Multiaddr m : addresses) {
            TxtRecord.Entry e = new TxtRecord.Entry(key, (withPeerId ? m.withPeerId(self) : m).toString());
            int len = e.toBytes().length;
            if (len > 255 || size + len + 1 > TXT_BUDGET) {
                continue;
            }
            entries.add(e);
            size += len + 1;
        }
    }

    /**
     * The announced addresses that belong to this link (their IP is in one of the interface's prefixes, or they are
     * DNS names, which no link owns), else the link's own address with our port.
     */
    List<Multiaddr> addressesFor(LinkAddress link, List<Multiaddr> announced) {
        Set<Multiaddr> out = new LinkedHashSet<>();
        for (Multiaddr m : announced) {
            Multiaddr plain = m.withoutPeerId();
            if (plain.isEmpty()) {
                continue;
            }
            Multiaddr.Component first = plain.components().get(0);
            switch (first.protocol()) {
                case DNS, DNS4, DNS6, DNSADDR -> out.add(plain);
                case IP4, IP6 -> {
                    InetAddress ip = ipOf(first);
                    if (ip != null && !ip.isAnyLocalAddress() && link.onLink(ip)) {
                        out.add(plain);
                    }
                }
                case IP6ZONE -> {
                    if (first.valueText().equals(link.interfaceName())) {
                        out.add(stripZone(plain));
                    }
                }
                default -> {
                    // Relay and other addresses say nothing about this link.
                }
            }
        }
        if (out.isEmpty() && port > 0) {
            out.add(Multiaddr.fromSocketAddress(new InetSocketAddress(link.address(), port)));
        }
        return List.copyOf(out);
    }

    private static Multiaddr stripZone(Multiaddr m) {
        // /ip6zone/eth0/ip6/fe80::1/tcp/1 → /ip6/fe80::1/tcp/1: a zone only means something on our host.
        StringBuilder text = new StringBuilder();
        for (Multiaddr.Component c : m.components().subList(1, m.components().size())) {
            text.append(c);
        }
        return Multiaddr.parse(text.toString());
    }

    private static InetAddress ipOf(Multiaddr.Component c) {
        try {
            return InetAddress.getByAddress(c.value());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

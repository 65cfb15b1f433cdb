package org.olocus.discovery.mdns.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;

/**
 * Turns a service heard on the LAN into a peer, or says precisely why not. Olocus services carry TXT
 * {@code peer_id=<id>}, {@code protocol=…} and optional {@code addr=<multiaddr>}; libp2p services carry
 * {@code dnsaddr=<multiaddr>/p2p/<id>} (one per address). A service without an id is never given one: it is
 * rejected as {@link Outcome.Kind#NO_ID}.
 */
final class ServiceDecoder {
    /** Most addresses we keep for one peer. */
    static final int MAX_ADDRESSES = 16;

    /** The result: a peer, or a rejection naming what was wrong. */
    record Outcome(Kind kind, PeerInfo peer, String reason) {
        enum Kind { PEER, SELF, NO_ID, BAD_ID, BAD_MULTIADDR, BAD_TXT }

        static Outcome peer(PeerInfo p) {
            return new Outcome(Kind.PEER, p, null);
        }

        static Outcome rejected(Kind kind, String reason) {
            return new Outcome(kind, null, reason);
        }
    }

    private final PeerId self;
    private final String olocusType;

    ServiceDecoder(PeerId self, String olocusType) {
        this.self = self;
        this.olocusType = olocusType;
    }

    Outcome decode(ResolvedService s) {
        List<TxtRecord.Entry> entries = new ArrayList<>();
        try {
            for (byte[] txt : s.txtRecords()) {
                entries.addAll(TxtRecord.decode(txt).entries());
                if (entries.size() > TxtRecord.MAX_ENTRIES) {
                    throw new IllegalArgumentException("more than " + TxtRecord.MAX_ENTRIES + " TXT strings");
                }
            }
        } catch (IllegalArgumentException e) {
            return Outcome.rejected(Outcome.Kind.BAD_TXT, s.key() + ": bad TXT record: " + e.getMessage());
        }
        TxtRecord txt = TxtRecord.of(entries);
        return s.serviceType().equalsIgnoreCase(olocusType) ? decodeOlocus(s, txt) : decodeLibp2p(s, txt);
    }

    private Outcome decodeOlocus(ResolvedService s, TxtRecord txt) {
        String idText = txt.first("peer_id").orElse(null);
        if (idText == null || idText.isBlank()) {
            return Outcome.rejected(Outcome.Kind.NO_ID, s.key() + ": TXT has no peer_id");
        }
        PeerId id;
        try {
            id = PeerId.fromString(idText.trim());
        } catch (IllegalArgumentException e) {
            return Outcome.rejected(Outcome.Kind.BAD_ID, s.key() + ": bad peer_id '" + clip(idText) + "': "
                    + e.getMessage());
        }
        if (id.equals(self)) {
            return Outcome.rejected(Outcome.Kind.SELF, s.key() + ": our own service");
        }
        Set<Multiaddr> addresses = new LinkedHashSet<>(linkAddresses(s));
        for (String a : txt.all("addr")) {
            try {
                Multiaddr m = Multiaddr.parse(a.trim());
                if (m.peerId().isPresent() && !m.peerId().get().equals(id)) {
                    return Outcome.rejected(Outcome.Kind.BAD_MULTIADDR, s.key() + ": addr " + clip(a)
                            + " names another peer than peer_id " + id);
                }
                addresses.add(zoned(m.withoutPeerId(), s.link()));
            } catch (IllegalArgumentException e) {
                return Outcome.rejected(Outcome.Kind.BAD_MULTIADDR, s.key() + ": bad addr '" + clip(a) + "': "
                        + e.getMessage());
            }
        }
        PeerInfo peer = PeerInfo.discovered(id, cap(addresses), DiscoveryType.MDNS);
        String protocol = txt.first("protocol").orElse(null);
        if (protocol != null && !protocol.isBlank() && protocol.length() <= 64) {
            peer = peer.withProtocols(Set.of(protocol.trim()));
        }
        return Outcome.peer(peer);
    }

    private Outcome decodeLibp2p(ResolvedService s, TxtRecord txt) {
        List<String> dnsaddrs = txt.all("dnsaddr");
        if (dnsaddrs.isEmpty()) {
            return Outcome.rejected(Outcome.Kind.NO_ID, s.key() + ": TXT has no dnsaddr");
        }
        PeerId id = null;
        Set<Multiaddr> addresses = new LinkedHashSet<>();
        for (String a : dnsaddrs) {
            Multiaddr m;
            try {
                m = Multiaddr.parse(a.trim());
            } catch (IllegalArgumentException e) {
                return Outcome.rejected(Outcome.Kind.BAD_MULTIADDR, s.key() + ": bad dnsaddr '" + clip(a) + "': "
                        + e.getMessage());
            }
            PeerId p = m.peerId().orElse(null);
            if (p == null) {
                return Outcome.rejected(Outcome.Kind.NO_ID, s.key() + ": dnsaddr " + clip(a) + " has no /p2p/<id>");
            }
            if (id != null && !id.equals(p)) {
                return Outcome.rejected(Outcome.Kind.BAD_ID, s.key() + ": dnsaddr values name two peers, " + id
                        + " and " + p);
            }
            id = p;
            addresses.add(zoned(m.withoutPeerId(), s.link()));
        }
        if (id.equals(self)) {
            return Outcome.rejected(Outcome.Kind.SELF, s.key() + ": our own service");
        }
        addresses.addAll(linkAddresses(s));
        return Outcome.peer(PeerInfo.discovered(id, cap(addresses), DiscoveryType.MDNS));
    }

    /** {@code /ip4/a/tcp/port} for each A/AAAA address that belongs to the link it was heard on. */
    private static List<Multiaddr> linkAddresses(ResolvedService s) {
        List<Multiaddr> out = new ArrayList<>();
        if (s.port() <= 0 || s.port() > 65535) {
            return out;
        }
        for (InetAddress a : s.addresses()) {
            if (!s.link().onLink(a)) {
                continue;
            }
            Multiaddr m = Multiaddr.fromSocketAddress(new InetSocketAddress(a, s.port()));
            if (a instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
                m = Multiaddr.parse("/ip6zone/" + s.link().interfaceName()).encapsulate(m);
            }
            out.add(m);
        }
        return out;
    }

    /** A link-local IPv6 address means nothing without its zone: it is the link we heard it on. */
    static Multiaddr zoned(Multiaddr m, LinkAddress link) {
        List<Multiaddr.Component> cs = m.components();
        if (!cs.isEmpty() && cs.get(0).protocol() == MultiaddrProtocol.IP6) {
            try {
                if (InetAddress.getByAddress(cs.get(0).value()).isLinkLocalAddress()) {
                    return Multiaddr.parse("/ip6zone/" + link.interfaceName()).encapsulate(m);
                }
            } catch (java.net.UnknownHostException e) {
                return m;
            }
        }
        return m;
    }

    private static List<Multiaddr> cap(Set<Multiaddr> addresses) {
        return addresses.stream().limit(MAX_ADDRESSES).toList();
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}

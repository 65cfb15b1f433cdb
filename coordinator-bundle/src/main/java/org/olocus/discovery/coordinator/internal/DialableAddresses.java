package org.olocus.discovery.coordinator.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;

/**
 * Which of the addresses a peer reports about itself (identify's listen addresses) are worth storing as places to
 * dial it. Kept: {@code /ip4|ip6|dns|dns4|dns6/…/tcp|udp/<port>…} and {@code /dnsaddr/…}, loopback included (a
 * peer on this machine is dialled there; the tests run on loopback). Dropped: unspecified addresses
 * ({@code 0.0.0.0}, {@code ::}: a wildcard bind, not a place), multicast, IPv6 link-local and zoned addresses (they
 * need the remote's interface name), port 0, and relay ({@code /p2p-circuit}) addresses, which we cannot dial.
 */
final class DialableAddresses {
    private DialableAddresses() {
    }

    /** The dialable ones of {@code reported}, in order. */
    static List<Multiaddr> of(List<Multiaddr> reported) {
        List<Multiaddr> out = new ArrayList<>(reported.size());
        for (Multiaddr a : reported) {
            if (isDialable(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The dialable ones of what a peer reports about itself over a connection from {@code seenFrom}: its loopback
     * addresses only when that connection is itself over loopback (a peer on another host is not at our
     * 127.0.0.1: dialling its loopback address would reach this host, often ourselves).
     */
    static List<Multiaddr> of(List<Multiaddr> reported, Multiaddr seenFrom) {
        List<Multiaddr> dialable = of(reported);
        if (isLoopback(seenFrom)) {
            return dialable;
        }
        return dialable.stream().filter(a -> !isLoopback(a)).toList();
    }

    static boolean isLoopback(Multiaddr address) {
        List<Multiaddr.Component> cs = address.components();
        if (cs.isEmpty() || (cs.get(0).protocol() != MultiaddrProtocol.IP4
                && cs.get(0).protocol() != MultiaddrProtocol.IP6)) {
            return false;
        }
        try {
            return InetAddress.getByAddress(cs.get(0).value()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isDialable(Multiaddr address) {
        List<Multiaddr.Component> cs = address.withoutPeerId().components();
        if (cs.isEmpty() || cs.stream().anyMatch(c -> c.protocol() == MultiaddrProtocol.P2P_CIRCUIT)) {
            return false;
        }
        Multiaddr.Component host = cs.get(0);
        switch (host.protocol()) {
            case DNSADDR -> {
                return true; // resolved to full addresses, ports included, by whoever dials it
            }
            case DNS, DNS4, DNS6 -> {
                // a name: nothing to check before it is resolved
            }
            case IP4, IP6 -> {
                if (!isUsableIp(host)) {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        if (cs.size() < 2) {
            return false;
        }
        Multiaddr.Component port = cs.get(1);
        return (port.protocol() == MultiaddrProtocol.TCP || port.protocol() == MultiaddrProtocol.UDP)
                && !port.valueText().equals("0");
    }

    private static boolean isUsableIp(Multiaddr.Component host) {
        try {
            InetAddress ip = InetAddress.getByAddress(host.value());
            return !ip.isAnyLocalAddress() && !ip.isMulticastAddress()
                    && !(host.protocol() == MultiaddrProtocol.IP6 && ip.isLinkLocalAddress());
        } catch (UnknownHostException e) {
            return false; // a validated ip4/ip6 value always has a legal length; be safe anyway
        }
    }
}

package org.olocus.discovery.mdns.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the interface addresses to run a responder on: those named by the {@code interfaces} setting (an
 * interface name takes all its addresses, an address literal just that one), or by default every address of every
 * interface that is up, multicast-capable and not loopback. Works on a snapshot ({@link InterfaceView}) so the rules
 * are testable without touching the machine's interfaces.
 */
final class InterfaceSelector {
    /** What we need to know of a network interface. */
    record InterfaceView(String name, int index, boolean up, boolean multicast, boolean loopback,
                         List<InterfaceAddress> addresses) {
    }

    /** One address of an interface and its prefix length. */
    record InterfaceAddress(InetAddress address, int prefixLength) {
    }

    private InterfaceSelector() {
    }

    static Set<LinkAddress> select(List<InterfaceView> interfaces, List<String> wanted) {
        Set<LinkAddress> out = new LinkedHashSet<>();
        for (InterfaceView nif : interfaces) {
            if (!nif.up() || !nif.multicast()) {
                continue;
            }
            boolean byName = wanted.stream().anyMatch(w -> w.equals(nif.name()));
            if (wanted.isEmpty() && nif.loopback()) {
                continue;
            }
            List<LinkAddress.Prefix> prefixes = nif.addresses().stream()
                    .map(a -> new LinkAddress.Prefix(a.address(), a.prefixLength())).toList();
            for (InterfaceAddress a : nif.addresses()) {
                boolean byAddress = wanted.stream().anyMatch(w -> sameAddress(w, a.address()));
                if (wanted.isEmpty() || byName || byAddress) {
                    out.add(new LinkAddress(nif.name(), nif.index(), a.address(), prefixes));
                }
            }
        }
        return out;
    }

    /** The machine's interfaces now; addresses are rebuilt with their literal as host name (no reverse lookups). */
    static List<InterfaceView> current() throws SocketException {
        List<InterfaceView> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            try {
                List<InterfaceAddress> addresses = new ArrayList<>();
                for (java.net.InterfaceAddress ia : nif.getInterfaceAddresses()) {
                    addresses.add(new InterfaceAddress(withLiteralName(ia.getAddress(), nif), ia.getNetworkPrefixLength()));
                }
                out.add(new InterfaceView(nif.getName(), nif.getIndex(), nif.isUp(), nif.supportsMulticast(),
                        nif.isLoopback(), addresses));
            } catch (SocketException e) {
                // The interface vanished while we looked at it: the next poll sees the new state.
            }
        }
        return out;
    }

    static InetAddress withLiteralName(InetAddress a, NetworkInterface nif) {
        try {
            String literal = LinkAddress.literal(a);
            if (a instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
                return Inet6Address.getByAddress(literal, a.getAddress(), nif);
            }
            return InetAddress.getByAddress(literal, a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of a valid length was refused", e);
        }
    }

    /** Compares a configured text with an address without ever resolving the text as a host name. */
    private static boolean sameAddress(String wanted, InetAddress address) {
        if (!looksLikeLiteral(wanted)) {
            return false;
        }
        try {
            return InetAddress.getByName(wanted.replaceFirst("%.*$", "")).equals(
                    InetAddress.getByAddress(address.getAddress()));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean looksLikeLiteral(String s) {
        return s.contains(":") || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}

package org.olocus.discovery.mdns.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * One address of one interface: the unit a responder is bound to. It knows the prefixes of its interface so that
 * addresses heard on this link can be checked to belong to it.
 *
 * @param interfaceName  {@code eth0}
 * @param interfaceIndex the kernel's index
 * @param address        the address (its host name is the literal, so nothing ever does a reverse lookup)
 * @param onLinkPrefixes every prefix configured on the interface, both families
 */
public record LinkAddress(String interfaceName, int interfaceIndex, InetAddress address,
                          List<Prefix> onLinkPrefixes) {

    /** A network prefix, {@code 10.231.1.0/24}. */
    public record Prefix(InetAddress address, int length) {
        boolean contains(InetAddress other) {
            byte[] a = address.getAddress();
            byte[] b = other.getAddress();
            if (a.length != b.length) {
                return false;
            }
            int full = length / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != b[i]) {
                    return false;
                }
            }
            int rest = length % 8;
            if (rest == 0 || full >= a.length) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (b[full] & mask);
        }

        @Override
        public String toString() {
            return address.getHostAddress() + "/" + length;
        }
    }

    public LinkAddress {
        onLinkPrefixes = List.copyOf(onLinkPrefixes);
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /**
     * Whether a peer's address belongs to this link: IPv6 link-local always does (it is only meaningful here), any
     * other address when it falls in one of the interface's prefixes. This is what keeps a multi-homed host from
     * reporting (or advertising) an address heard on one link as reachable through another.
     */
    public boolean onLink(InetAddress other) {
        if (other instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
            return true;
        }
        if (other.isLoopbackAddress() || other.isAnyLocalAddress() || other.isMulticastAddress()) {
            return false;
        }
        return onLinkPrefixes.stream().anyMatch(p -> p.contains(other));
    }

    /** {@code eth0/10.231.1.2}: the key shown by the commands. */
    public String key() {
        return interfaceName + "/" + literal(address);
    }

    /** The address as text without a zone. */
    static String literal(InetAddress a) {
        String s = a.getHostAddress();
        int pct = s.indexOf('%');
        return pct < 0 ? s : s.substring(0, pct);
    }

    boolean sameFamily(InetAddress other) {
        return (address instanceof Inet4Address) == (other instanceof Inet4Address);
    }

    @Override
    public String toString() {
        return key();
    }
}

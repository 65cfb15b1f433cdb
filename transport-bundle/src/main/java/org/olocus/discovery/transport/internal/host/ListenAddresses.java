package org.olocus.discovery.transport.internal.host;

import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;

/**
 * Listen addresses: the accepted form ({@code /ip4|ip6/<literal>/tcp/<port>}), their socket addresses, the order
 * they are bound in, and a wildcard bind ({@code 0.0.0.0}, {@code ::}) listed as each up interface's addresses.
 */
final class ListenAddresses {
    private ListenAddresses() {
    }

    /** Parses one {@code listen_addresses} entry; anything but {@code /ip4|ip6/<literal>/tcp/<port>} is refused. */
    static Multiaddr parse(String text) {
        Multiaddr address;
        try {
            address = Multiaddr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("listen_addresses: " + e.getMessage());
        }
        List<Multiaddr.Component> cs = address.components();
        if (cs.size() != 2 || !(cs.get(0).protocol() == MultiaddrProtocol.IP4
                || cs.get(0).protocol() == MultiaddrProtocol.IP6) || cs.get(1).protocol() != MultiaddrProtocol.TCP) {
            throw new IllegalArgumentException("listen_addresses: '" + text
                    + "' must be /ip4/<address>/tcp/<port> or /ip6/<address>/tcp/<port>");
        }
        return address;
    }

    /** The socket address of a parsed listen address. */
    static InetSocketAddress socketAddress(Multiaddr listenAddress) {
        return listenAddress.toSocketAddress().orElseThrow(() -> new IllegalArgumentException(
                "not a listen address: " + listenAddress));
    }

    static boolean isWildcard(Multiaddr address) {
        return address.toSocketAddress().map(a -> a.getAddress() != null && a.getAddress().isAnyLocalAddress())
                .orElse(false);
    }

    static boolean isIp4(Multiaddr address) {
        return address.toSocketAddress().map(a -> a.getAddress() instanceof Inet4Address).orElse(false);
    }

    /**
     * The order to bind in: IPv6 wildcards first. On a dual-stack system ({@code net.ipv6.bindv6only = 0}) a
     * {@code [::]:port} socket also accepts IPv4, so binding it first lets {@code 0.0.0.0:port} be recognised as
     * already served (its bind fails with "address in use") instead of leaving IPv6 unserved.
     */
    static List<Multiaddr> bindOrder(List<Multiaddr> addresses) {
        List<Multiaddr> out = new ArrayList<>(addresses);
        out.sort(Comparator.comparing(a -> isWildcard(a) && !isIp4(a) ? 0 : 1));
        return out;
    }

    /**
     * Whether {@code address}, whose bind failed with {@code failure}, is an IPv4 wildcard refused as "in use"
     * because our own IPv6 wildcard socket on the same (non-zero) port in {@code bound} is dual-stack and already
     * accepts IPv4 there.
     */
    static boolean servedByDualStack(Multiaddr address, Throwable failure, List<Multiaddr> bound) {
        if (!(failure instanceof BindException) || !isWildcard(address) || !isIp4(address)) {
            return false;
        }
        int port = socketAddress(address).getPort();
        return port != 0 && bound.stream().anyMatch(b -> isWildcard(b) && !isIp4(b)
                && socketAddress(b).getPort() == port);
    }

    /**
     * {@code bound} with every wildcard replaced by one address per entry of {@code interfaceAddresses} of its
     * family (same port); other addresses are kept as they are. No duplicates, order kept. The interfaces are
     * asked for once, and only when there is a wildcard: identify asks for our addresses on every connection.
     */
    static List<Multiaddr> expand(List<Multiaddr> bound, Supplier<List<InetAddress>> interfaceAddresses) {
        Set<Multiaddr> out = new LinkedHashSet<>();
        List<InetAddress> interfaces = null;
        for (Multiaddr address : bound) {
            if (!isWildcard(address)) {
                out.add(address);
                continue;
            }
            if (interfaces == null) {
                interfaces = interfaceAddresses.get();
            }
            boolean ip4 = isIp4(address);
            int port = socketAddress(address).getPort();
            for (InetAddress ip : interfaces) {
                if ((ip instanceof Inet4Address) == ip4) {
                    out.add(Multiaddr.fromSocketAddress(new InetSocketAddress(ip, port)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The addresses of every interface that is up, loopback included, link-local left out. */
    static List<InetAddress> interfaceAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress ip : Collections.list(nif.getInetAddresses())) {
                    if (!ip.isLinkLocalAddress() && !ip.isMulticastAddress()) {
                        // drop the scope id: a global or loopback IPv6 address needs no zone
                        out.add(InetAddress.getByAddress(ip.getAddress()));
                    }
                }
            }
        } catch (SocketException | java.net.UnknownHostException e) {
            // no interface list: a wildcard bind then lists no address (the announce addresses still work)
            return List.of();
        }
        return out;
    }
}

package org.olocus.discovery.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class InterfaceSelectorTest {
    private static InterfaceSelector.InterfaceView nif(String name, boolean up, boolean multicast, boolean loopback,
                                                       String... addresses) {
        return new InterfaceSelector.InterfaceView(name, name.hashCode() & 0xff, up, multicast, loopback,
                java.util.Arrays.stream(addresses).map(a -> new InterfaceSelector.InterfaceAddress(TestLinks.ip(a),
                        a.contains(":") ? 64 : 24)).toList());
    }

    private static final List<InterfaceSelector.InterfaceView> MACHINE = List.of(
            nif("lo", true, false, true, "127.0.0.1", "::1"),
            nif("eth0", true, true, false, "10.231.1.2", "fe80::1"),
            nif("eth1", true, true, false, "10.231.2.2"),
            nif("down0", false, true, false, "10.231.3.2"),
            nif("tun0", true, false, false, "10.231.4.2"));

    private static Set<String> keys(Set<LinkAddress> links) {
        return links.stream().map(LinkAddress::key).collect(Collectors.toSet());
    }

    @Test
    void byDefaultEveryUpMulticastNonLoopbackAddress() {
        assertEquals(Set.of("eth0/10.231.1.2", "eth0/fe80:0:0:0:0:0:0:1", "eth1/10.231.2.2"),
                keys(InterfaceSelector.select(MACHINE, List.of())));
    }

    @Test
    void namesTakeAllAddressesAndLiteralsJustOne() {
        assertEquals(Set.of("eth0/10.231.1.2", "eth0/fe80:0:0:0:0:0:0:1"),
                keys(InterfaceSelector.select(MACHINE, List.of("eth0"))));
        assertEquals(Set.of("eth1/10.231.2.2"), keys(InterfaceSelector.select(MACHINE, List.of("10.231.2.2"))));
        assertEquals(Set.of(), keys(InterfaceSelector.select(MACHINE, List.of("down0", "nosuch"))));
    }

    @Test
    void prefixesOfTheInterfaceDecideWhatIsOnLink() {
        LinkAddress eth0 = InterfaceSelector.select(MACHINE, List.of("10.231.1.2")).iterator().next();
        assertEquals(true, eth0.onLink(TestLinks.ip("10.231.1.200")));
        assertEquals(false, eth0.onLink(TestLinks.ip("10.231.2.200")));
        assertEquals(true, eth0.onLink(TestLinks.ip("fe80::99")));
        assertEquals(false, eth0.onLink(TestLinks.ip("127.0.0.1")));
    }
}

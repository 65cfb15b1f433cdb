package org.olocus.discovery.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet6Address;
import java.net.InetAddress;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTextTest {

    @Property(tries = 1000)
    void ip4FormatAndParseAreInverse(@ForAll byte a, @ForAll byte b, @ForAll byte c, @ForAll byte d) {
        byte[] bytes = {a, b, c, d};
        String text = (a & 0xFF) + "." + (b & 0xFF) + "." + (c & 0xFF) + "." + (d & 0xFF);
        assertEquals(text, AddressText.formatIp4(bytes));
        assertArrayEquals(bytes, AddressText.parseIp4(text));
    }

    @Property(tries = 3000)
    void ip6TextIsRfc5952Canonical(@ForAll("ip6") byte[] address) {
        assertEquals(Reference.ip6(address), AddressText.formatIp6(address));
    }

    @Property(tries = 3000)
    void ip6CanonicalAndJdkTextsParseToTheSameBytes(@ForAll("ip6") byte[] address) throws Exception {
        assertArrayEquals(address, AddressText.parseIp6(AddressText.formatIp6(address)));
        // the JDK writes every group, unabbreviated ("0:0:0:0:0:ffff:7f00:1"); mapped addresses it folds to IPv4
        InetAddress jdk = InetAddress.getByAddress(address);
        if (jdk instanceof Inet6Address) {
            assertArrayEquals(address, AddressText.parseIp6(jdk.getHostAddress()));
            assertArrayEquals(address, AddressText.parseIp6(jdk.getHostAddress().toUpperCase()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "1", "1.2.3.4", ".1::1", "::1%1", "::1/64", "\u0661::1", "::\uff21", " ::1",
        "::1 ", "g::1", "[::1]", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3.256"})
    void badIp6TextIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> AddressText.parseIp6(text));
    }

    /** Addresses with runs of zero groups of every length and position, and IPv4-mapped ones. */
    @Provide
    Arbitrary<byte[]> ip6() {
        return Ip6Addresses.bytes();
    }
}

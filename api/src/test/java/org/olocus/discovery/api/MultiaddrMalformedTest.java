package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.olocus.discovery.api.PeerIdMalformedTest.assertRefused;
import static org.olocus.discovery.api.Vectors.hex;

import java.security.Permission;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Multiaddr: refused input, each refusal naming what was wrong. */
class MultiaddrMalformedTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // unknown protocol names
        "/foo/1                       | unknown multiaddr protocol 'foo'",
        "/ip4/1.2.3.4/TCP/80          | unknown multiaddr protocol 'TCP'",
        "/ip4/1.2.3.4/tcp/80/bogus    | unknown multiaddr protocol 'bogus'",
        "/ip4/1.2.3.4//tcp/80         | unknown multiaddr protocol ''",
        "/tls/sni                     | sni needs a value",
        "/ws/extra                    | unknown multiaddr protocol 'extra'",
        // missing values (go-multiaddr TestConstructFails)
        "/ip4                         | ip4 needs a value",
        "/ip6                         | ip6 needs a value",
        "/tcp                         | tcp needs a value",
        "/udp                         | udp needs a value",
        "/sctp                        | sctp needs a value",
        "/ip4/127.0.0.1/p2p           | p2p needs a value",
        "/ip4/127.0.0.1/ipfs          | p2p needs a value",
        "/ip6zone                     | ip6zone needs a value",
        "/dns4                        | dns4 needs a value",
        "/ip4/127.0.0.1/tcp/          | tcp needs a value",
        // bad ports
        "/tcp/65536                   | port 65536 exceeds 65535",
        "/udp/65536                   | port 65536 exceeds 65535",
        "/tcp/99999                   | port 99999 exceeds 65535",
        "/tcp/abc                     | bad port 'abc'",
        "/tcp/-1                      | bad port '-1'",
        "/tcp/+1                      | bad port '+1'",
        "/tcp/1e3                     | bad port '1e3'",
        "/tcp/123456                  | bad port '123456'",
        "/tcp/ 80                     | bad port ' 80'",
        "/tcp//ws                     | bad port ''",
        "/ip4/127.0.0.1/udp/jfodsajfidosajfoidsa | bad port 'jfodsajfidosajfoidsa'",
        // bad ip4
        "/ip4/1.2.3                   | bad ip4 address '1.2.3'",
        "/ip4/1.2.3.4.5               | bad ip4 address '1.2.3.4.5'",
        "/ip4/256.1.1.1               | 256 exceeds 255",
        "/ip4/01.2.3.4                | part '01'",
        "/ip4/1.2.3.                  | part ''",
        "/ip4/1..3.4                  | part ''",
        "/ip4/0x7f.0.0.1              | part '0x7f'",
        "/ip4/1.2.3.-4                | part '-4'",
        "/ip4/1234.1.1.1              | part '1234'",
        "/ip4/::1                     | bad ip4 address '::1'",
        "/ip4/fdpsofodsajfdoisa       | bad ip4 address 'fdpsofodsajfdoisa'",
        "/ip4/localhost               | bad ip4 address 'localhost'",
        // bad ip6
        "/ip6/1.2.3.4                 | bad ip6 address '1.2.3.4'",
        "/ip6/::g                     | bad ip6 address '::g'",
        "/ip6/1:2:3:4:5:6:7:8:9       | bad ip6 address '1:2:3:4:5:6:7:8:9'",
        "/ip6/1::2::3                 | bad ip6 address '1::2::3'",
        "/ip6/12345::1                | bad ip6 address '12345::1'",
        "/ip6/:::                     | bad ip6 address ':::'",
        "/ip6/fe80::1%eth0            | bad ip6 address 'fe80::1%eth0'",
        "/ip6/[::1]                   | bad ip6 address '[::1]'",
        "/ip6/localhost               | bad ip6 address 'localhost'",
        "/ip6/.1::1                   | bad ip6 address '.1::1'",
        // bad names and ids
        "/ip6zone//ip6/fe80::1        | empty ip6zone value",
        "/dns/                        | dns needs a value",
        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNK0 | bad base58 character '0' at position 45",
        "/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl- | neither base58btc",
        "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY | 33 bytes, not 32",
        // structure
        "ip4/1.2.3.4                  | must begin with '/'",
        "/                            | has no protocol",
        "//                           | has no protocol",
    })
    void badTextIsNamed(String text, String fragment) {
        assertRefused(() -> Multiaddr.parse(text), fragment);
    }

    @Test
    void valueErrorsNameTheProtocolAndTheAddress() {
        assertRefused(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp/70000"), "bad tcp value in /ip4/1.2.3.4/tcp/70000",
                "port 70000 exceeds 65535");
        assertRefused(() -> Multiaddr.parse("/ip4/300.1.1.1/tcp/1"), "bad ip4 value in /ip4/300.1.1.1/tcp/1");
    }

    @Test
    void emptyAndOversizeInputIsRefused() {
        assertRefused(() -> Multiaddr.parse(""), "empty multiaddr");
        assertRefused(() -> Multiaddr.parse(null), "empty multiaddr");
        assertRefused(() -> Multiaddr.fromBytes(new byte[0]), "empty multiaddr bytes");
        assertRefused(() -> Multiaddr.fromBytes(null), "empty multiaddr bytes");
        String longText = "/dns/" + "a".repeat(250) + "/dns/" + "b".repeat(250) + "/dns/" + "c".repeat(250)
                + "/dns/" + "d".repeat(250) + "/tcp/1";
        assertRefused(() -> Multiaddr.parse(longText), longText.length() + " characters", "exceeds 1024");
        // short text whose binary form exceeds the limit: 61 components of 17 bytes in 427 characters
        String manyComponents = "/ip6/::".repeat(61);
        assertRefused(() -> Multiaddr.parse(manyComponents), "1037 bytes", "exceeds 1024");
        assertRefused(() -> Multiaddr.fromBytes(new byte[1025]), "1025 bytes", "exceeds 1024");
        // a variable-size length over the limit is refused before any allocation
        assertRefused(() -> Multiaddr.fromBytes(hex("35ffff03")), "dns value length 65535 exceeds the limit of 1024");
        // names over 255 bytes are not DNS names
        assertRefused(() -> Multiaddr.parse("/dns4/" + "a".repeat(256)), "256 bytes exceeds 255");
    }

    @Test
    void unknownCodeIsNamedWithItsOffset() {
        assertRefused(() -> Multiaddr.fromBytes(hex("05")), "unknown multiaddr protocol code 5 at byte 0");
        assertRefused(() -> Multiaddr.fromBytes(hex("0401020304" + "ff01")), "code 255 at byte 5");
        // onion3 (445) and memory (777) are real multiaddr protocols, but not ones we read
        assertRefused(() -> Multiaddr.fromBytes(hex("bd03")), "code 445 at byte 0");
    }

    @Test
    void truncatedVarintsAreNamed() {
        assertRefused(() -> Multiaddr.fromBytes(hex("a5")), "truncated varint for protocol code at byte 0");
        assertRefused(() -> Multiaddr.fromBytes(hex("0601bba5")), "truncated varint for protocol code at byte 3");
        assertRefused(() -> Multiaddr.fromBytes(hex("a503")), "truncated varint", "p2p value");
        assertRefused(() -> Multiaddr.fromBytes(hex("3580")), "truncated varint", "dns value");
        assertRefused(() -> Multiaddr.fromBytes(hex("8480808080808080808000")), "longer than 9 bytes");
        assertRefused(() -> Multiaddr.fromBytes(hex("8400")), "non-minimal varint", "protocol code");
    }

    @Test
    void truncatedValuesAreNamed() {
        assertRefused(() -> Multiaddr.fromBytes(hex("047f0000")), "truncated ip4 value", "needs 4 bytes at byte 1",
                "only 3 left");
        assertRefused(() -> Multiaddr.fromBytes(hex("0604")), "truncated tcp value", "needs 2 bytes");
        assertRefused(() -> Multiaddr.fromBytes(hex("29000000")), "truncated ip6 value", "needs 16 bytes");
        assertRefused(() -> Multiaddr.fromBytes(hex("350a6578616d706c65")), "truncated dns value",
                "needs 10 bytes at byte 2", "only 7 left");
        byte[] full = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/tls/sni/example.com/ws/p2p/" + Vectors.GO_ED25519_BASE58)
                .toBytes();
        for (int n = 1; n < full.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(full, n);
            // a prefix ending between components is itself a valid address; every other one is refused
            try {
                Multiaddr a = Multiaddr.fromBytes(prefix);
                assertEquals(a, Multiaddr.parse(a.toString()));
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }

    @Test
    void trailingGarbageIsRefused() {
        String valid = "047f0000010604d2";
        assertRefused(() -> Multiaddr.fromBytes(hex(valid + "00")), "unknown multiaddr protocol code 0 at byte 8");
        assertRefused(() -> Multiaddr.fromBytes(hex(valid + "06")), "truncated tcp value");
        assertRefused(() -> Multiaddr.fromBytes(hex(valid + "ffffffff")), "truncated varint", "byte 8");
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/127.0.0.1/tcp/1234/1234"));
    }

    @Test
    void badValuesInBinaryFormAreRefused() {
        // p2p value that is not a peer id (go-multiaddr TestInvalidP2PAddrBytes)
        assertRefused(() -> Multiaddr.fromBytes(hex(
                "a503221221c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6")),
                "bad p2p value at byte 3", "33 bytes, not 32");
        assertRefused(() -> Multiaddr.fromBytes(hex("a503021114")), "unknown multihash code 0x11");
        assertRefused(() -> Multiaddr.fromBytes(hex("a50300")), "empty peer id bytes");
        // empty names and names containing '/' cannot be written as text
        assertRefused(() -> Multiaddr.fromBytes(hex("3500")), "empty dns value");
        assertRefused(() -> Multiaddr.fromBytes(hex("2a00")), "empty ip6zone value");
        assertRefused(() -> Multiaddr.fromBytes(hex("3803612f62")), "dnsaddr value 'a/b' contains '/'");
        // names that are not UTF-8 would not survive a round trip through text
        assertRefused(() -> Multiaddr.fromBytes(hex("3502c328")), "bad dns value at byte 2", "not valid UTF-8");
        assertRefused(() -> Multiaddr.fromBytes(hex("3503eda080")), "not valid UTF-8"); // encoded surrogate
        // and text that is not valid Unicode (a lone surrogate) is not silently turned into '?'
        assertRefused(() -> Multiaddr.parse("/dns/a\ud800b"), "not valid Unicode");
        assertRefused(() -> Multiaddr.fromBytes(hex("c1030180")), "sni value", "UTF-8");
    }

    /**
     * An ip4/ip6 value must be a literal: parsing must not ask the resolver. A security manager sees every lookup
     * ({@code checkConnect(host, -1)}) made by {@link java.net.InetAddress}.
     */
    @Test
    @SuppressWarnings({"removal", "deprecation"})
    void hostnamesWhereAnIpIsExpectedAreRefusedWithoutDns() {
        List<String> lookups = new ArrayList<>();
        SecurityManager previous = System.getSecurityManager();
        try {
            System.setSecurityManager(new SecurityManager() {
                @Override
                public void checkPermission(Permission perm) {
                    // allow everything, including removing this manager again
                }

                @Override
                public void checkConnect(String host, int port) {
                    if (port == -1) {
                        lookups.add(host);
                    }
                }
            });
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "this runtime does not allow a security manager: " + e.getMessage());
        }
        try {
            for (String text : List.of("/ip4/localhost", "/ip6/localhost", "/ip4/example.com", "/ip6/example.com",
                    "/ip6/.1::1", "/ip6/..:", "/ip6/.:", "/ip6/a.b:c", "/ip6/1.2.3.4:", "/ip6/1::2::3",
                    "/ip6/ip6-localhost", "/ip4/127.1", "/ip4/2130706433", "/ip6/::1]", "/ip6/[::1")) {
                assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse(text), text);
            }
        } finally {
            System.setSecurityManager(previous);
        }
        assertEquals(List.of(), lookups, "parsing ip4/ip6 values looked names up");
    }
}

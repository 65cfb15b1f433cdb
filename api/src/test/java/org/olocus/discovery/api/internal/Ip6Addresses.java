package org.olocus.discovery.api.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Generated IPv6 addresses: runs of zero groups of every length and position, small groups, IPv4-mapped ones. */
public final class Ip6Addresses {
    private Ip6Addresses() {
    }

    public static Arbitrary<byte[]> bytes() {
        Arbitrary<Integer> group = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 0xF)),
                Tuple.of(3, Arbitraries.integers().between(1, 0xFFFF)));
        Arbitrary<byte[]> general = group.list().ofSize(8).map(gs -> {
            byte[] out = new byte[16];
            for (int i = 0; i < 8; i++) {
                out[2 * i] = (byte) (gs.get(i) >> 8);
                out[2 * i + 1] = (byte) (int) gs.get(i);
            }
            return out;
        });
        Arbitrary<byte[]> mapped = Arbitraries.bytes().array(byte[].class).ofSize(4).map(v4 -> {
            byte[] out = new byte[16];
            out[10] = (byte) 0xFF;
            out[11] = (byte) 0xFF;
            System.arraycopy(v4, 0, out, 12, 4);
            return out;
        });
        return Arbitraries.frequencyOf(Tuple.of(9, general), Tuple.of(1, mapped));
    }
}

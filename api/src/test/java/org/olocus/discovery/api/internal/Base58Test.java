package org.olocus.discovery.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base58Test {

    /** Vectors of the base58 IETF draft (draft-msporny-base58) and of the bitcoin alphabet's edge cases. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "48656c6c6f20576f726c6421, 2NEpo7TZRRrLZSi2U",
        "54686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f672e, "
                + "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
        "0000287fb4cd, 11233QC4",
        "00, 1",
        "0000, 11",
        "39, z",
        "3a, 21",
        "ff, 5Q",
        "0000ff, 115Q",
    })
    void publishedVectors(String hex, String base58) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertEquals(base58, Base58.encode(bytes));
        assertArrayEquals(bytes, Base58.decode(base58));
    }

    @Test
    void emptyIsEmpty() {
        assertEquals("", Base58.encode(new byte[0]));
        assertArrayEquals(new byte[0], Base58.decode(""));
    }

    @Test
    void charactersOutsideTheAlphabetAreNamedWithTheirPosition() {
        for (char c : "0OIl+/=_ é\u0000".toCharArray()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Base58.decode("abc" + c + "def"));
            assertTrue(e.getMessage().contains("'" + c + "' at position 3"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base58.decode("zabc0", 1));
        assertTrue(e.getMessage().contains("position 4"), e.getMessage());
        assertArrayEquals(Base58.decode("2NEpo7TZRRrLZSi2U"), Base58.decode("z2NEpo7TZRRrLZSi2U", 1));
        assertEquals("Hello World!", new String(Base58.decode("z2NEpo7TZRRrLZSi2U", 1), StandardCharsets.US_ASCII));
    }

    @Property(tries = 2000)
    void encodingMatchesTheBigIntegerReference(@ForAll("bytesWithLeadingZeros") byte[] data) {
        assertEquals(Reference.base58(data), Base58.encode(data));
    }

    @Property(tries = 2000)
    void decodeInvertsEncode(@ForAll("bytesWithLeadingZeros") byte[] data) {
        assertArrayEquals(data, Base58.decode(Base58.encode(data)));
    }

    @Property(tries = 1000)
    void encodeInvertsDecodeOfCanonicalText(@ForAll("base58Text") String text) {
        assertEquals(text, Base58.encode(Base58.decode(text)));
    }

    @Provide
    Arbitrary<byte[]> bytesWithLeadingZeros() {
        Arbitrary<byte[]> zeros = Arbitraries.integers().between(0, 6).map(byte[]::new);
        Arbitrary<byte[]> rest = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        return Combinators.combine(zeros, rest).as((z, r) -> {
            byte[] out = new byte[z.length + r.length];
            System.arraycopy(r, 0, out, z.length, r.length);
            return out;
        });
    }

    @Provide
    Arbitrary<String> base58Text() {
        return Arbitraries.strings().withChars("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
                .ofMaxLength(60);
    }
}

package org.olocus.discovery.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {

    /** RFC 4648 section 10 test vectors, lower case and without padding as multibase 'b' writes them. */
    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({
        "'', ''",
        "f, my",
        "fo, mzxq",
        "foo, mzxw6",
        "foob, mzxw6yq",
        "fooba, mzxw6ytb",
        "foobar, mzxw6ytboi",
    })
    void rfc4648Vectors(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertEquals(encoded, Base32.encode(bytes));
        assertArrayEquals(bytes, Base32.decode(encoded));
        assertArrayEquals(bytes, Base32.decode(encoded.toUpperCase(Locale.ROOT)));
    }

    @Test
    void charactersOutsideTheAlphabetAreNamedWithTheirPosition() {
        for (char c : "0189=+/_ é".toCharArray()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Base32.decode("mzx" + c + "w6ytboi"));
            assertTrue(e.getMessage().contains("'" + c + "' at position 3"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base32.decode("bmz1", 1));
        assertTrue(e.getMessage().contains("position 3"), e.getMessage());
        assertArrayEquals("foo".getBytes(StandardCharsets.US_ASCII), Base32.decode("bmzxw6", 1));
    }

    @Test
    void nonAsciiLettersWhoseLowerCaseIsAsciiAreNotBase32() {
        // U+0130 (capital I with dot) lower-cases to 'i', U+212A (Kelvin sign) to 'k'
        for (char c : new char[] {'\u0130', '\u212a'}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Base32.decode("mz" + c + "q"));
            assertTrue(e.getMessage().contains("position 2"), e.getMessage());
        }
    }

    @Test
    void danglingBitsAreRefused() {
        // 1, 3 and 6 characters (mod 8) leave five or more bits: no byte string encodes to that length
        for (String text : new String[] {"m", "mzx", "mzxw6y"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
            assertTrue(e.getMessage().contains("trailing bits"), e.getMessage());
        }
        // "mz" holds 'f' and two padding bits, which must be zero ("m3" sets them)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base32.decode("m3"));
        assertTrue(e.getMessage().contains("not zero padding"), e.getMessage());
    }

    @Property(tries = 2000)
    void encodingMatchesTheBitStringReference(@ForAll("bytesWithLeadingZeros") byte[] data) {
        assertEquals(Reference.base32(data), Base32.encode(data));
    }

    @Property(tries = 2000)
    void decodeInvertsEncodeInEitherCase(@ForAll("bytesWithLeadingZeros") byte[] data) {
        String text = Base32.encode(data);
        assertArrayEquals(data, Base32.decode(text));
        assertArrayEquals(data, Base32.decode(text.toUpperCase(Locale.ROOT)));
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
}

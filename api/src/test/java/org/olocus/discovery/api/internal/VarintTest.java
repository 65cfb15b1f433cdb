package org.olocus.discovery.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarintTest {

    static byte[] write(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(out, value);
        return out.toByteArray();
    }

    static void assertRefused(Executable e, String fragment) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(fragment), "'" + x.getMessage() + "' should contain '" + fragment + "'");
    }

    /** multiformats/unsigned-varint README examples, and the 9-byte maximum. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0, 00",
        "1, 01",
        "127, 7f",
        "128, 8001",
        "255, ff01",
        "300, ac02",
        "16384, 808001",
        "421, a503",
        "9223372036854775807, ffffffffffffffff7f",
    })
    void publishedEncodings(long value, String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertArrayEquals(bytes, write(value));
        assertEquals(bytes.length, Varint.size(value));
        Varint.Reader in = new Varint.Reader(bytes);
        assertEquals(value, in.readVarint("value"));
        assertFalse(in.hasMore());
    }

    @Property(tries = 2000)
    void writeThenReadIsIdentity(@ForAll @LongRange(min = 0) long value) {
        byte[] bytes = write(value);
        assertArrayEquals(Reference.varint(value), bytes);
        assertEquals(bytes.length, Varint.size(value));
        Varint.Reader in = new Varint.Reader(bytes);
        assertEquals(value, in.readVarint("value"));
        assertEquals(bytes.length, in.position());
        assertEquals(0, in.remaining());
    }

    @Property(tries = 500)
    void paddedEncodingsAreRefusedAsNonMinimal(@ForAll @LongRange(min = 0, max = 1L << 48) long value) {
        byte[] minimal = write(value);
        byte[] padded = new byte[minimal.length + 1];
        System.arraycopy(minimal, 0, padded, 0, minimal.length);
        padded[minimal.length - 1] |= (byte) 0x80;
        padded[minimal.length] = 0x00;
        assertRefused(() -> new Varint.Reader(padded).readVarint("x"), "non-minimal varint for x at byte 0");
    }

    @Test
    void errorsNameWhatAndWhere() {
        assertRefused(() -> new Varint.Reader(new byte[0]).readVarint("code"), "truncated varint for code at byte 0");
        Varint.Reader r = new Varint.Reader(new byte[] {0x01, (byte) 0x80});
        r.readVarint("first");
        assertRefused(() -> r.readVarint("second"), "truncated varint for second at byte 1");
        byte[] ten = HexFormat.of().parseHex("80808080808080808001");
        assertRefused(() -> new Varint.Reader(ten).readVarint("big"), "longer than 9 bytes");
        assertRefused(() -> new Varint.Reader(new byte[] {(byte) 0x81, 0x01}).readLength("len", 128),
                "len length 129 exceeds the limit of 128");
        assertEquals(128, new Varint.Reader(new byte[] {(byte) 0x80, 0x01}).readLength("len", 128));
        assertRefused(() -> new Varint.Reader(new byte[3]).readBytes(4, "body"),
                "truncated body: needs 4 bytes at byte 0, only 3 left");
        assertRefused(() -> new Varint.Reader(new byte[3]).readBytes(-1, "body"), "truncated body");
        assertRefused(() -> Varint.write(new ByteArrayOutputStream(), -1), "must not be negative");
    }

    @Test
    void readerWalksAMixOfVarintsAndBytes() {
        Varint.Reader in = new Varint.Reader(HexFormat.of().parseHex("a50302abcd06"));
        assertEquals(421, in.readVarint("code"));
        int n = in.readLength("len", 10);
        assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xcd}, in.readBytes(n, "value"));
        assertEquals(5, in.position());
        assertTrue(in.hasMore());
        assertEquals(6, in.readVarint("code"));
        assertFalse(in.hasMore());
        assertArrayEquals(new byte[0], in.readBytes(0, "nothing"));
    }
}

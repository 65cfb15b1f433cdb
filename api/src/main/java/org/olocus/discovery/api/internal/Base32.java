package org.olocus.discovery.api.internal;

import java.io.ByteArrayOutputStream;

/** RFC 4648 base32 without padding, lower case (multibase prefix 'b'); decoding accepts either case. */
public final class Base32 {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private Base32() {
    }

    public static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    public static byte[] decode(String text) {
        return decode(text, 0);
    }

    /**
     * Decodes the base32 text that starts at {@code from} (after a multibase prefix, say); a bad character is
     * reported with its position in {@code text}.
     */
    public static byte[] decode(String text, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((text.length() - from) * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            // ASCII only: Character.toLowerCase maps some other letters (U+0130, U+212A) onto ASCII ones
            int v = c < 128 ? ALPHABET.indexOf(Character.toLowerCase(c)) : -1;
            if (v < 0) {
                throw new IllegalArgumentException("bad base32 character '" + text.charAt(i) + "' at position " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("base32 text has " + bits + " trailing bits that are not zero padding");
        }
        return out.toByteArray();
    }
}

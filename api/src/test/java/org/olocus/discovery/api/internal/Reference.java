package org.olocus.discovery.api.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Slow, obviously-correct reference encoders the tests compare the codecs with: base58 by BigInteger division,
 * base32 by a bit string, varints by the definition, IPv6 text by searching the longest zero run first.
 */
public final class Reference {
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private Reference() {
    }

    public static String base58(byte[] data) {
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, data);
        BigInteger radix = BigInteger.valueOf(58);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(radix);
            sb.append(BASE58.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }

    public static String base32(byte[] data) {
        StringBuilder bits = new StringBuilder();
        for (byte b : data) {
            bits.append(String.format("%8s", Integer.toBinaryString(b & 0xFF)).replace(' ', '0'));
        }
        while (bits.length() % 5 != 0) {
            bits.append('0');
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bits.length(); i += 5) {
            out.append(BASE32.charAt(Integer.parseInt(bits.substring(i, i + 5), 2)));
        }
        return out.toString();
    }

    public static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int low = (int) (value % 128);
            value /= 128;
            out.write(value > 0 ? low + 128 : low);
        } while (value > 0);
        return out.toByteArray();
    }

    /** RFC 5952 text of 16 address bytes, with the section 5 mixed notation for IPv4-mapped addresses. */
    public static String ip6(byte[] a) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= a[i] == 0;
        }
        if (mapped && a[10] == (byte) 0xFF && a[11] == (byte) 0xFF) {
            return String.format(Locale.ROOT, "::ffff:%d.%d.%d.%d", a[12] & 0xFF, a[13] & 0xFF, a[14] & 0xFF,
                    a[15] & 0xFF);
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 16; i += 2) {
            groups.add(Integer.toHexString(((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF)));
        }
        for (int len = 8; len >= 2; len--) {
            for (int start = 0; start + len <= 8; start++) {
                if (groups.subList(start, start + len).stream().allMatch("0"::equals)) {
                    return String.join(":", groups.subList(0, start)) + "::"
                            + String.join(":", groups.subList(start + len, 8));
                }
            }
        }
        return String.join(":", groups);
    }

    /** Leading bits two equal-length byte strings share. */
    public static int commonPrefixLength(byte[] a, byte[] b) {
        BigInteger x = new BigInteger(1, a).xor(new BigInteger(1, b));
        return a.length * 8 - x.bitLength();
    }
}

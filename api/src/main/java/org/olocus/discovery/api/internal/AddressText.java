package org.olocus.discovery.api.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP address text without name resolution: strict dotted quads and RFC 5952 canonical IPv6. */
public final class AddressText {
    private AddressText() {
    }

    public static byte[] parseIp4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("bad ip4 address '" + text + "': needs four dotted numbers");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw new IllegalArgumentException("bad ip4 address '" + text + "': part '" + p + "'");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("bad ip4 address '" + text + "': " + v + " exceeds 255");
            }
            out[i] = (byte) v;
        }
        return out;
    }

    public static String formatIp4(byte[] a) {
        return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
    }

    public static byte[] parseIp6(String text) {
        // Only ASCII characters of an IPv6 literal, and a first character that is a hex digit or ':': only then
        // does InetAddress take its literal path. Text such as ".1::1" would otherwise be looked up in DNS.
        if (text.isEmpty() || text.indexOf(':') < 0 || text.length() > 45 || text.charAt(0) == '.'
                || !text.chars().allMatch(c -> isAsciiHexDigit(c) || c == ':' || c == '.')) {
            throw new IllegalArgumentException("bad ip6 address '" + text + "'");
        }
        try {
            byte[] raw = InetAddress.getByName(text).getAddress();
            if (raw.length == 4) {
                // Java folds ::ffff:a.b.c.d to IPv4; multiaddr keeps the 16 bytes.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(raw, 0, mapped, 12, 4);
                return mapped;
            }
            return raw;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad ip6 address '" + text + "'");
        }
    }

    private static boolean isAsciiHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * RFC 5952: lower case, no leading zeros, the longest run (two or more) of zero groups as "::"; IPv4-mapped
     * addresses in the mixed notation of its section 5 ({@code ::ffff:192.0.2.1}), as go- and rust-multiaddr print.
     */
    public static String formatIp6(byte[] a) {
        if (isIp4Mapped(a)) {
            return "::ffff:" + formatIp4(java.util.Arrays.copyOfRange(a, 12, 16));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static boolean isIp4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }
}

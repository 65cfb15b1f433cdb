package org.olocus.discovery.api;

import java.util.HexFormat;
import java.util.List;

/**
 * The encodings of the Ed25519 points of small order (orders 1, 2, 4 and 8, also in their non-canonical forms
 * y + p), which the JDK's verifier accepts as public keys: with such a key a signature can be forged for any
 * message, so a peer must never prove an identity with one. The sign bit (top bit of the last byte) is ignored.
 */
final class Ed25519SmallOrder {
    private static final List<byte[]> ENCODINGS = List.of(
            hex("0000000000000000000000000000000000000000000000000000000000000000"), // y = 0, order 4
            hex("0100000000000000000000000000000000000000000000000000000000000000"), // y = 1, order 1
            hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"), // order 8
            hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"), // order 8
            hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // y = p - 1, order 2
            hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // y = p ≡ 0
            hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")); // y = p + 1 ≡ 1

    private Ed25519SmallOrder() {
    }

    /** Whether the 32-byte encoded point {@code key} has small order. */
    static boolean isSmallOrder(byte[] key) {
        if (key.length != 32) {
            return false;
        }
        for (byte[] bad : ENCODINGS) {
            int diff = 0;
            for (int i = 0; i < 31; i++) {
                diff |= key[i] ^ bad[i];
            }
            diff |= (key[31] & 0x7f) ^ bad[31];
            if (diff == 0) {
                return true;
            }
        }
        return false;
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}

package org.olocus.discovery.api;

import java.util.HexFormat;

/**
 * Published test vectors shared by the tests. Sources:
 * <ul>
 *   <li>libp2p/specs peer-ids/peer-ids.md, "Test vectors" and "String representation" examples;</li>
 *   <li>rust-libp2p identity/src/keypair.rs {@code keypair_from_protobuf_encoding} (key pair to peer id);</li>
 *   <li>go-multiaddr multiaddr_test.go {@code good} list (the {@code /p2p/bafz…} and {@code /p2p/Qm…} pairs).</li>
 * </ul>
 */
final class Vectors {
    private Vectors() {
    }

    // --- peer-ids.md "String representation" examples: the same sha256 id in two text forms.
    static final String SPEC_SHA256_BASE58 = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";
    static final String SPEC_SHA256_CID = "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe";
    static final String SPEC_SHA256_MULTIHASH = "12209dff3b17d74cf4d38a50d8b6383e92d181a10395a5e73a726dcccbd21bf6f0b9";
    static final String SPEC_ED25519_BASE58 = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    static final String SPEC_ED25519_MULTIHASH =
            "0024080112202ffa35a99d3a3cfbb17bb7c1dc5561b18a8dcca4df38dc613ea859c37eb1336b";

    // --- go-multiaddr "good" list: /p2p/<cid> and /p2p/<base58> of the same ids.
    static final String GO_SHA256_BASE58 = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
    static final String GO_SHA256_CID = "bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm";
    static final String GO_ED25519_BASE58 = "12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV";
    static final String GO_ED25519_CID = "bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u";

    // --- rust-libp2p keypair_from_protobuf_encoding: Ed25519 key pair whose id is published.
    /** Raw Ed25519 public key: the last 32 bytes of the published 64-byte private key. */
    static final String RUST_ED25519_PUBLIC = "41275f22797a73b53836ec5726584a711065070f5dd2d8f675f04855fea670f0";
    static final String RUST_ED25519_ID = "12D3KooWEChVMMMzV8acJ53mJHrw1pQ27UAGkCxWXLJutbeUMvVu";
    /** rust-libp2p's RSA key pair there is the peer-ids.md RSA test key; its id. */
    static final String SPEC_RSA_ID = "QmaeANgBs1DTSxWSrPPtobgQuxW8XTfsS4ydbK4rCHzqxG";

    // --- peer-ids.md "Test vectors": protobuf-encoded keys (hex).
    static final String SPEC_ED25519_PUBLIC_PB =
            "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    static final String SPEC_ED25519_PRIVATE_PB = "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da6"
            + "0fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    static final String SPEC_SECP256K1_PUBLIC_PB =
            "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";
    static final String SPEC_ECDSA_PUBLIC_PB = "0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300f"
            + "a36ae0e8f5d530899d83abab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c646a597fb4dce"
            + "c034e9f77c409e62";
    /** The private scalar inside the spec's ECDSA private key (SEC1 DER, bytes 7..38). */
    static final String SPEC_ECDSA_PRIVATE_SCALAR = "3e5b1fe9712e6c314942a750bd67485de3c1efe85b1bfb520ae8f9ae3dfa4a4c";
    static final String SPEC_RSA_PUBLIC_PB = "080012a60430820222300d06092a864886f70d01010105000382020f003082020a02820201"
            + "00e1beab071d08200bde24eef00d049449b07770ff9910257b2d7d5dda242ce8f0e2f12e1af4b32d9efd2c090f66b0f29986dbb6"
            + "45dae9880089704a94e5066d594162ae6ee8892e6ec70701db0a6c445c04778eb3de1293aa1a23c3825b85c6620a2bc3f82f9b0c"
            + "309bc0ab3aeb1873282bebd3da03c33e76c21e9beb172fd44c9e43be32e2c99827033cf8d0f0c606f4579326c930eb4e854395ad"
            + "941256542c793902185153c474bed109d6ff5141ebf9cd256cf58893a37f83729f97e7cb435ec679d2e33901d27bb35aa0d7e205"
            + "61da08885ef0abbf8e2fb48d6a5487047a9ecb1ad41fa7ed84f6e3e8ecd5d98b3982d2a901b4454991766da295ab78822add5612"
            + "a2df83bcee814cf50973e80d7ef38111b1bd87da2ae92438a2c8cbcc70b31ee319939a3b9c761dbc13b5c086d6b64bf7ae7dacc1"
            + "4622375d92a8ff9af7eb962162bbddebf90acb32adb5e4e4029f1c96019949ecfbfeffd7ac1e3fbcc6b6168c34be3d5a2e5999fc"
            + "bb39bba7adbca78eab09b9bc39f7fa4b93411f4cc175e70c0a083e96bfaefb04a9580b4753c1738a6a760ae1afd851a1a4bdad23"
            + "1cf56e9284d832483df215a46c1c21bdf0c6cfe951c18f1ee4078c79c13d63edb6e14feaeffabc90ad317e4875fe648101b08640"
            + "97e998f0ca3025ef9638cd2b0caecd3770ab54a1d9c6ca959b0f5dcbc90caeefc4135baca6fd475224269bbe1b0203010001";

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}

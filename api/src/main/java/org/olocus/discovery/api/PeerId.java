package org.olocus.discovery.api;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.olocus.discovery.api.internal.Base32;
import org.olocus.discovery.api.internal.Base58;
import org.olocus.discovery.api.internal.Varint;

/**
 * A libp2p peer id: a multihash of the peer's public key (identity multihash for keys of at most 42 encoded
 * bytes such as Ed25519, SHA-256 otherwise). Text forms: base58btc ({@code Qm…}, {@code 12D3KooW…}) and CIDv1
 * with the {@code libp2p-key} codec in any of the multibases base32 ({@code b…}), base58btc ({@code z…}) and
 * base16 ({@code f…}).
 *
 * <p>The Kademlia key of a peer is SHA-256 of its id bytes; {@link #kadKey()}, {@link #distance} and
 * {@link #commonPrefixLength} work on that key.
 */
public final class PeerId implements Comparable<PeerId> {
    /** Largest encoded id accepted: an identity multihash of a 42-byte key or a SHA-256 multihash, with room. */
    public static final int MAX_BYTES = 64;
    static final int IDENTITY = 0x00;
    static final int SHA2_256 = 0x12;
    static final int MAX_INLINE_KEY = 42;
    private static final int CID_V1 = 0x01;
    private static final int LIBP2P_KEY = 0x72;

    private final byte[] bytes;
    private final byte[] kadKey;

    private PeerId(byte[] bytes) {
        this.bytes = bytes;
        this.kadKey = sha256(bytes);
    }

    /** Parses a peer id from any of its text forms. */
    public static PeerId fromString(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty peer id");
        }
        if (text.length() > 2 * MAX_BYTES + 16) {
            throw new IllegalArgumentException("peer id text of " + text.length() + " characters is too long");
        }
        if (text.startsWith("Qm") || text.startsWith("1")) {
            return fromBytes(Base58.decode(text));
        }
        return fromCid(text);
    }

    /** Parses the binary form (a multihash); the error names the unknown code or the length mismatch. */
    public static PeerId fromBytes(byte[] multihash) {
        if (multihash == null || multihash.length == 0) {
            throw new IllegalArgumentException("empty peer id bytes");
        }
        if (multihash.length > MAX_BYTES) {
            throw new IllegalArgumentException("peer id of " + multihash.length + " bytes exceeds " + MAX_BYTES);
        }
        Varint.Reader in = new Varint.Reader(multihash);
        long code = in.readVarint("multihash code");
        int length = in.readLength("multihash digest", MAX_BYTES);
        if (code == SHA2_256) {
            if (length != 32) {
                throw new IllegalArgumentException("sha2-256 multihash declares a digest of " + length
                        + " bytes, not 32");
            }
        } else if (code == IDENTITY) {
            if (length > MAX_INLINE_KEY) {
                throw new IllegalArgumentException("identity multihash of " + length + " bytes exceeds "
                        + MAX_INLINE_KEY);
            }
        } else {
            throw new IllegalArgumentException("unknown multihash code 0x" + Long.toHexString(code)
                    + " (a peer id uses identity 0x00 or sha2-256 0x12)");
        }
        if (in.remaining() != length) {
            throw new IllegalArgumentException("digest length mismatch: multihash declares " + length
                    + " bytes but " + in.remaining() + " follow");
        }
        if (code == IDENTITY) {
            // The inlined digest must itself be a valid public key, or the id proves nothing.
            PeerPublicKey.fromProtobuf(Arrays.copyOfRange(multihash, multihash.length - length, multihash.length));
        }
        return new PeerId(multihash.clone());
    }

    /** The id of a public key, per the libp2p peer-id specification. */
    public static PeerId fromPublicKey(PeerPublicKey key) {
        byte[] encoded = key.toProtobuf();
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length + 4);
        if (encoded.length <= MAX_INLINE_KEY) {
            out.write(IDENTITY);
            Varint.write(out, encoded.length);
            out.writeBytes(encoded);
        } else {
            out.write(SHA2_256);
            out.write(32);
            out.writeBytes(sha256(encoded));
        }
        return new PeerId(out.toByteArray());
    }

    private static PeerId fromCid(String text) {
        char base = text.charAt(0);
        byte[] cid = switch (base) {
            // positions in decoding errors count from the start of the text, multibase prefix included
            case 'b', 'B' -> Base32.decode(text, 1);
            case 'z' -> Base58.decode(text, 1);
            case 'f', 'F' -> hex(text.substring(1));
            default -> throw new IllegalArgumentException("peer id '" + abbreviate(text)
                    + "' is neither base58btc (Qm…, 1…) nor a multibase CID (b…, z…, f…)");
        };
        Varint.Reader in = new Varint.Reader(cid);
        long version = in.readVarint("CID version");
        if (version != CID_V1) {
            throw new IllegalArgumentException("peer id CID has version " + version + ", expected 1");
        }
        long codec = in.readVarint("CID codec");
        if (codec != LIBP2P_KEY) {
            throw new IllegalArgumentException("peer id CID has codec 0x" + Long.toHexString(codec)
                    + ", expected libp2p-key 0x72");
        }
        return fromBytes(in.readBytes(in.remaining(), "CID multihash"));
    }

    /** The public key when it is inlined in the id (identity multihash), else {@code null}. */
    public PeerPublicKey inlinePublicKey() {
        if (bytes[0] != IDENTITY) {
            return null;
        }
        Varint.Reader in = new Varint.Reader(bytes);
        in.readVarint("multihash code");
        return PeerPublicKey.fromProtobuf(in.readBytes(in.readLength("digest", MAX_BYTES), "digest"));
    }

    /** Whether {@code key} is the key this id was made from. */
    public boolean matches(PeerPublicKey key) {
        return equals(fromPublicKey(key));
    }

    /** A copy of the binary form (the multihash). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The base58btc text form, the one libp2p prints. */
    public String toBase58() {
        return Base58.encode(bytes);
    }

    /** The CIDv1 text form in base32 ({@code bafz…}). */
    public String toCid() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 4);
        Varint.write(out, CID_V1);
        Varint.write(out, LIBP2P_KEY);
        out.writeBytes(bytes);
        return "b" + Base32.encode(out.toByteArray());
    }

    /** A copy of the 32-byte Kademlia key (SHA-256 of the id bytes). */
    public byte[] kadKey() {
        return kadKey.clone();
    }

    /**
     * Compares how far this id and {@code other} are from {@code target} (a 32-byte Kademlia key) by XOR distance:
     * negative when this one is nearer, 0 when both are as near (the same key), positive when {@code other} is.
     * Allocates nothing: for scans and lookups over many peers.
     */
    public int compareDistance(PeerId other, byte[] target) {
        if (target == null || target.length != kadKey.length) {
            throw new IllegalArgumentException("a Kademlia key has " + kadKey.length + " bytes, not "
                    + (target == null ? "null" : target.length));
        }
        for (int i = 0; i < target.length; i++) {
            int mine = (kadKey[i] ^ target[i]) & 0xFF;
            int theirs = (other.kadKey[i] ^ target[i]) & 0xFF;
            if (mine != theirs) {
                return mine < theirs ? -1 : 1;
            }
        }
        return 0;
    }

    /** XOR of the two Kademlia keys. */
    public byte[] distance(PeerId other) {
        return xor(kadKey, other.kadKey);
    }

    /** Number of leading bits the two Kademlia keys share (256 for the same id). */
    public int commonPrefixLength(PeerId other) {
        return commonPrefixLength(kadKey, other.kadKey);
    }

    /** SHA-256 of arbitrary bytes, the way Kademlia turns content keys into the key space. */
    public static byte[] kadKeyOf(byte[] key) {
        return sha256(key);
    }

    /** XOR of two equal-length keys. */
    public static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("keys of " + a.length + " and " + b.length + " bytes differ in length");
        }
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /** Leading bits shared by two equal-length keys. */
    public static int commonPrefixLength(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = (a[i] ^ b[i]) & 0xFF;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return n * 8;
    }

    @Override
    public int compareTo(PeerId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        // The Kademlia key is a uniform hash already.
        return ((kadKey[0] & 0xFF) << 24) | ((kadKey[1] & 0xFF) << 16) | ((kadKey[2] & 0xFF) << 8) | (kadKey[3] & 0xFF);
    }

    @Override
    public String toString() {
        return toBase58();
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static byte[] hex(String text) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("base16 peer id has an odd number of digits");
        }
        try {
            return java.util.HexFormat.of().parseHex(text.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base16 peer id: " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "…";
    }
}

package org.olocus.discovery.api;

import java.util.HashMap;
import java.util.Map;

/**
 * The multiaddr protocols we read and write, with their codes and value sizes from the multiformats table
 * ({@code multiaddr/protocols.csv}).
 */
public enum MultiaddrProtocol {
    IP4(4, 32, "ip4"),
    TCP(6, 16, "tcp"),
    DCCP(33, 16, "dccp"),
    IP6(41, 128, "ip6"),
    IP6ZONE(42, Size.VARIABLE, "ip6zone"),
    DNS(53, Size.VARIABLE, "dns"),
    DNS4(54, Size.VARIABLE, "dns4"),
    DNS6(55, Size.VARIABLE, "dns6"),
    DNSADDR(56, Size.VARIABLE, "dnsaddr"),
    SCTP(132, 16, "sctp"),
    UDP(273, 16, "udp"),
    P2P_CIRCUIT(290, 0, "p2p-circuit"),
    P2P(421, Size.VARIABLE, "p2p"),
    HTTPS(443, 0, "https"),
    TLS(448, 0, "tls"),
    SNI(449, Size.VARIABLE, "sni"),
    NOISE(454, 0, "noise"),
    QUIC(460, 0, "quic"),
    QUIC_V1(461, 0, "quic-v1"),
    WEBTRANSPORT(465, 0, "webtransport"),
    WS(477, 0, "ws"),
    WSS(478, 0, "wss"),
    HTTP(480, 0, "http");

    private static final class Size {
        static final int VARIABLE = -1;
    }

    private static final Map<Integer, MultiaddrProtocol> BY_CODE = new HashMap<>();
    private static final Map<String, MultiaddrProtocol> BY_NAME = new HashMap<>();

    static {
        for (MultiaddrProtocol p : values()) {
            BY_CODE.put(p.code, p);
            BY_NAME.put(p.protocolName, p);
        }
        BY_NAME.put("ipfs", P2P); // the old name of p2p, still in published addresses
    }

    private final int code;
    private final int sizeBits;
    private final String protocolName;

    MultiaddrProtocol(int code, int sizeBits, String protocolName) {
        this.code = code;
        this.sizeBits = sizeBits;
        this.protocolName = protocolName;
    }

    /** The multicodec code. */
    public int code() {
        return code;
    }

    /** The name in text multiaddrs. */
    public String protocolName() {
        return protocolName;
    }

    /** Whether the value is length-prefixed. */
    public boolean isVariableSize() {
        return sizeBits == Size.VARIABLE;
    }

    /** Whether the protocol carries a value at all. */
    public boolean hasValue() {
        return sizeBits != 0;
    }

    /** Fixed value size in bytes; only meaningful when not variable. */
    public int fixedSizeBytes() {
        return sizeBits / 8;
    }

    /** The protocol with code {@code code}, or {@code null}. */
    public static MultiaddrProtocol byCode(long code) {
        return code > Integer.MAX_VALUE ? null : BY_CODE.get((int) code);
    }

    /** The protocol named {@code name} (or its alias), or {@code null}. */
    public static MultiaddrProtocol byName(String name) {
        return BY_NAME.get(name);
    }
}

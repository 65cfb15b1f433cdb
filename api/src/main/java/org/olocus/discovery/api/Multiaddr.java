package org.olocus.discovery.api;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.olocus.discovery.api.internal.AddressText;
import org.olocus.discovery.api.internal.Varint;

/**
 * A multiaddr ({@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…}): text and binary forms per the multiformats
 * specification, immutable, compared by its binary form. Input larger than {@link #MAX_BYTES} bytes (or
 * characters) is refused before it is parsed.
 */
public final class Multiaddr {
    /** Upper bound on either form; real addresses stay well below it. */
    public static final int MAX_BYTES = 1024;
    private static final Multiaddr EMPTY = new Multiaddr(new byte[0]);

    private final byte[] bytes;

    private Multiaddr(byte[] bytes) {
        this.bytes = bytes;
    }

    /** One protocol and its value (empty for protocols without one). */
    public record Component(MultiaddrProtocol protocol, byte[] value) {
        public Component {
            value = value == null ? new byte[0] : value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The value as it appears in text form ({@code ""} when the protocol has none). */
        public String valueText() {
            return ValueCodec.toText(protocol, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return protocol.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "/" + protocol.protocolName() + (protocol.hasValue() ? "/" + valueText() : "");
        }
    }

    /** Parses the text form; the error names the protocol or value that was wrong. */
    public static Multiaddr parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty multiaddr");
        }
        if (text.length() > MAX_BYTES) {
            throw new IllegalArgumentException("multiaddr text of " + text.length() + " characters exceeds "
                    + MAX_BYTES);
        }
        if (text.charAt(0) != '/') {
            throw new IllegalArgumentException("multiaddr '" + text + "' must begin with '/'");
        }
        String trimmed = text.endsWith("/") && text.length() > 1 ? text.substring(0, text.length() - 1) : text;
        String[] parts = trimmed.substring(1).split("/", -1);
        if (parts.length == 1 && parts[0].isEmpty()) {
            throw new IllegalArgumentException("multiaddr '" + text + "' has no protocol");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < parts.length; i++) {
            MultiaddrProtocol p = MultiaddrProtocol.byName(parts[i]);
            if (p == null) {
                throw new IllegalArgumentException("unknown multiaddr protocol '" + parts[i] + "' in " + text);
            }
            Varint.write(out, p.code());
            if (!p.hasValue()) {
                continue;
            }
            if (++i >= parts.length) {
                throw new IllegalArgumentException("multiaddr protocol " + p.protocolName() + " needs a value in "
                        + text);
            }
            byte[] value;
            try {
                value = ValueCodec.fromText(p, parts[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad " + p.protocolName() + " value in " + text + ": "
                        + e.getMessage());
            }
            if (p.isVariableSize()) {
                Varint.write(out, value.length);
            }
            out.writeBytes(value);
        }
        if (out.size() > MAX_BYTES) {
            throw new IllegalArgumentException("multiaddr of " + out.size() + " bytes exceeds " + MAX_BYTES);
        }
        return new Multiaddr(out.toByteArray());
    }

    /** Parses the binary form; truncation, unknown codes and trailing bytes are named with their offset. */
    public static Multiaddr fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("empty multiaddr bytes");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("multiaddr of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        byte[] copy = bytes.clone();
        decode(copy); // validates every component
        return new Multiaddr(copy);
    }

    /** {@code /ip4|ip6/<address>/tcp/<port>} for a socket address with a literal address. */
    public static Multiaddr fromSocketAddress(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return parse("/dns/" + address.getHostString() + "/tcp/" + address.getPort());
        }
        String family = ip.getAddress().length == 4 ? "/ip4/" + AddressText.formatIp4(ip.getAddress())
                : "/ip6/" + AddressText.formatIp6(ip.getAddress());
        return parse(family + "/tcp/" + address.getPort());
    }

    private static List<Component> decode(byte[] bytes) {
        List<Component> out = new ArrayList<>(4);
        Varint.Reader in = new Varint.Reader(bytes);
        while (in.hasMore()) {
            int at = in.position();
            long code = in.readVarint("protocol code");
            MultiaddrProtocol p = MultiaddrProtocol.byCode(code);
            if (p == null) {
                throw new IllegalArgumentException("unknown multiaddr protocol code " + code + " at byte " + at);
            }
            int size = p.isVariableSize() ? in.readLength(p.protocolName() + " value", MAX_BYTES)
                    : p.fixedSizeBytes();
            int valueAt = in.position();
            byte[] value = in.readBytes(size, p.protocolName() + " value");
            try {
                ValueCodec.validate(p, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad " + p.protocolName() + " value at byte " + valueAt + ": "
                        + e.getMessage());
            }
            out.add(new Component(p, value));
        }
        return out;
    }

    /** Whether this address has no component (what is left of {@code /p2p/<id>} without its id). */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** A copy of the binary form. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The components in order. */
    public List<Component> components() {
        return bytes.length == 0 ? List.of() : Collections.unmodifiableList(decode(bytes));
    }

    /** Whether any component is of protocol {@code p}. */
    public boolean has(MultiaddrProtocol p) {
        return components().stream().anyMatch(c -> c.protocol() == p);
    }

    /** The peer id of the last {@code /p2p} component, if there is one. */
    public Optional<PeerId> peerId() {
        List<Component> cs = components();
        if (cs.isEmpty() || cs.get(cs.size() - 1).protocol() != MultiaddrProtocol.P2P) {
            return Optional.empty();
        }
        return Optional.of(PeerId.fromBytes(cs.get(cs.size() - 1).value));
    }

    /** This address ending in {@code /p2p/<id>}, replacing a trailing peer id it already has. */
    public Multiaddr withPeerId(PeerId id) {
        return withoutPeerId().encapsulate(parse("/p2p/" + id.toBase58()));
    }

    /** This address without its trailing {@code /p2p/<id>}. */
    public Multiaddr withoutPeerId() {
        List<Component> cs = components();
        if (cs.isEmpty() || cs.get(cs.size() - 1).protocol() != MultiaddrProtocol.P2P) {
            return this;
        }
        return of(cs.subList(0, cs.size() - 1));
    }

    /** {@code this} followed by {@code inner}. */
    public Multiaddr encapsulate(Multiaddr inner) {
        byte[] joined = Arrays.copyOf(bytes, bytes.length + inner.bytes.length);
        System.arraycopy(inner.bytes, 0, joined, bytes.length, inner.bytes.length);
        if (joined.length > MAX_BYTES) {
            throw new IllegalArgumentException("encapsulated multiaddr of " + joined.length + " bytes exceeds "
                    + MAX_BYTES);
        }
        return new Multiaddr(joined);
    }

    /**
     * This address up to the last occurrence of {@code outer}'s components, as go-multiaddr decapsulates;
     * unchanged when {@code outer} does not occur.
     */
    public Multiaddr decapsulate(Multiaddr outer) {
        List<Component> cs = components();
        List<Component> os = outer.components();
        for (int start = cs.size() - os.size(); start >= 0; start--) {
            if (cs.subList(start, start + os.size()).equals(os)) {
                return of(cs.subList(0, start));
            }
        }
        return this;
    }

    /** This address up to the last component of protocol {@code p}. */
    public Multiaddr decapsulate(MultiaddrProtocol p) {
        List<Component> cs = components();
        for (int i = cs.size() - 1; i >= 0; i--) {
            if (cs.get(i).protocol() == p) {
                return of(cs.subList(0, i));
            }
        }
        return this;
    }

    /**
     * The socket address of a {@code /ip4|ip6[/ip6zone]|dns|dns4|dns6/…/tcp|udp/<port>} prefix; DNS names are
     * returned unresolved. Empty for addresses without one (relay-only, {@code /dnsaddr}).
     */
    public Optional<InetSocketAddress> toSocketAddress() {
        List<Component> cs = components();
        int i = 0;
        String zone = null;
        if (cs.size() > 1 && cs.get(0).protocol() == MultiaddrProtocol.IP6ZONE) {
            zone = cs.get(0).valueText();
            i = 1;
        }
        if (cs.size() < i + 2) {
            return Optional.empty();
        }
        Component host = cs.get(i);
        Component port = cs.get(i + 1);
        if (port.protocol() != MultiaddrProtocol.TCP && port.protocol() != MultiaddrProtocol.UDP) {
            return Optional.empty();
        }
        int portNumber = Integer.parseInt(port.valueText());
        try {
            return switch (host.protocol()) {
                case IP4 -> Optional.of(new InetSocketAddress(InetAddress.getByAddress(host.value), portNumber));
                case IP6 -> Optional.of(new InetSocketAddress(ip6(host.value, zone), portNumber));
                case DNS, DNS4, DNS6 -> Optional.of(InetSocketAddress.createUnresolved(host.valueText(), portNumber));
                default -> Optional.empty();
            };
        } catch (UnknownHostException e) {
            throw new IllegalStateException("validated address bytes were refused", e);
        }
    }

    private static InetAddress ip6(byte[] address, String zone) throws UnknownHostException {
        if (zone == null) {
            return InetAddress.getByAddress(address);
        }
        if (zone.chars().allMatch(Character::isDigit) && zone.length() < 10) {
            return Inet6Address.getByAddress(null, address, Integer.parseInt(zone));
        }
        try {
            NetworkInterface nif = NetworkInterface.getByName(zone);
            return nif == null ? InetAddress.getByAddress(address) : Inet6Address.getByAddress(null, address, nif);
        } catch (SocketException | UnknownHostException e) {
            // no such interface, or it has no address of this one's scope (the JDK then finds no scope id)
            return InetAddress.getByAddress(address);
        }
    }

    private static Multiaddr of(List<Component> components) {
        if (components.isEmpty()) {
            return EMPTY;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Component c : components) {
            Varint.write(out, c.protocol().code());
            if (c.protocol().isVariableSize()) {
                Varint.write(out, c.value.length);
            }
            out.writeBytes(c.value);
        }
        return new Multiaddr(out.toByteArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The canonical text form ({@code /ipfs} is written {@code /p2p}); {@code ""} for the empty address. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (Component c : components()) {
            sb.append(c);
        }
        return sb.toString();
    }

    /** Text ⇄ bytes for each protocol's value. */
    private static final class ValueCodec {
        static byte[] fromText(MultiaddrProtocol p, String text) {
            return switch (p) {
                case IP4 -> AddressText.parseIp4(text);
                case IP6 -> AddressText.parseIp6(text);
                case TCP, UDP, DCCP, SCTP -> port(text);
                case P2P -> PeerId.fromString(text).toBytes();
                case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> name(p, text);
                default -> throw new IllegalArgumentException(p.protocolName() + " takes no value");
            };
        }

        static String toText(MultiaddrProtocol p, byte[] v) {
            return switch (p) {
                case IP4 -> AddressText.formatIp4(v);
                case IP6 -> AddressText.formatIp6(v);
                case TCP, UDP, DCCP, SCTP -> Integer.toString(((v[0] & 0xFF) << 8) | (v[1] & 0xFF));
                case P2P -> PeerId.fromBytes(v).toBase58();
                case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> new String(v, StandardCharsets.UTF_8);
                default -> "";
            };
        }

        static void validate(MultiaddrProtocol p, byte[] v) {
            switch (p) {
                case P2P -> PeerId.fromBytes(v);
                case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> name(p, utf8(p, v));
                default -> {
                    // fixed-size values are valid by length alone
                }
            }
        }

        private static byte[] port(String text) {
            if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad port '" + text + "'");
            }
            int port = Integer.parseInt(text);
            if (port > 65535) {
                throw new IllegalArgumentException("port " + port + " exceeds 65535");
            }
            return new byte[] {(byte) (port >> 8), (byte) port};
        }

        /** Strict UTF-8: bytes that are not UTF-8 would not survive a round trip through the text form. */
        private static String utf8(MultiaddrProtocol p, byte[] v) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(v)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(p.protocolName() + " value is not valid UTF-8");
            }
        }

        private static byte[] name(MultiaddrProtocol p, String text) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty " + p.protocolName() + " value");
            }
            if (text.indexOf('/') >= 0) {
                throw new IllegalArgumentException(p.protocolName() + " value '" + text + "' contains '/'");
            }
            byte[] utf8;
            try {
                ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(CharBuffer.wrap(text));
                utf8 = Arrays.copyOfRange(encoded.array(), encoded.arrayOffset() + encoded.position(),
                        encoded.arrayOffset() + encoded.limit());
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(p.protocolName() + " value is not valid Unicode text");
            }
            if (p != MultiaddrProtocol.IP6ZONE && p != MultiaddrProtocol.SNI && utf8.length > 255) {
                throw new IllegalArgumentException("domain name of " + utf8.length + " bytes exceeds 255");
            }
            return utf8;
        }
    }
}

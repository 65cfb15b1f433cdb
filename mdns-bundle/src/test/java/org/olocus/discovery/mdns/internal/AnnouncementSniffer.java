package org.olocus.discovery.mdns.internal;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the benchmark: listens to mDNS on one interface (in the namespace the probe runs in) and reports, per response
 * packet, the Ed25519 peer ids it mentions, with the time it arrived. That time is "the announcement" a new peer's
 * discovery latency is measured from.
 */
final class AnnouncementSniffer {
    private static final Pattern PEER_ID = Pattern.compile("12D3KooW[1-9A-HJ-NP-Za-km-z]{44}");

    private AnnouncementSniffer() {
    }

    static void start(String iface, Consumer<String> out) {
        Thread t = new Thread(() -> {
            try (MulticastSocket s = new MulticastSocket(null)) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(5353));
                NetworkInterface nif = NetworkInterface.getByName(iface);
                s.joinGroup(new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 224, 0, 0, (byte) 251}),
                        5353), nif);
                byte[] buf = new byte[9000];
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    long now = System.currentTimeMillis();
                    boolean response = p.getLength() > 2 && (buf[2] & 0x80) != 0;
                    if (!response) {
                        continue;
                    }
                    Set<String> ids = new LinkedHashSet<>();
                    Matcher m = PEER_ID.matcher(new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1));
                    while (m.find()) {
                        ids.add(m.group());
                    }
                    if (!ids.isEmpty()) {
                        out.accept("HEARD " + now + " " + String.join(",", ids));
                    }
                }
            } catch (Exception e) {
                out.accept("SNIFFER-ERROR " + e);
            }
        }, "bench-sniffer");
        t.setDaemon(true);
        t.start();
    }
}

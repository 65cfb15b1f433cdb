package org.olocus.discovery.dns.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryException.Kind;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;
import org.olocus.discovery.api.PeerInfo;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Publishes our node with an RFC 2136 dynamic update signed with TSIG: an SRV at
 * {@code _olocus._tcp.<zone>} pointing at {@code <host>.<zone>}, that host's A/AAAA records and the TXT
 * {@code _olocus-peer.<host>.<zone>} with {@code peer_id=}, {@code addr=} and {@code protocol=}. Withdrawing removes
 * exactly what was published (our SRV record, our host's records), never other peers' records.
 */
final class SelfAnnouncer {
    private final DnsSettings settings;
    private final DnsSettings.UpdateSettings update;
    private final Executor executor;
    private volatile List<Record> published = List.of();

    SelfAnnouncer(DnsSettings settings, DnsSettings.UpdateSettings update, Executor executor) {
        this.settings = settings;
        this.update = update;
        this.executor = executor;
    }

    /** The records that describe {@code self}; fails when it has no TCP address to put in the SRV. */
    List<Record> recordsFor(PeerInfo self) throws DiscoveryException {
        Name zone = update.zone();
        String label = update.host().isEmpty()
                ? "peer-" + HexFormat.of().formatHex(self.id().kadKey(), 0, 8) : update.host();
        Name host = DnsSettings.concat(label, zone);
        long ttl = update.ttl().toSeconds();
        Integer port = null;
        List<Record> out = new ArrayList<>();
        for (Multiaddr a : self.addresses()) {
            List<Multiaddr.Component> cs = a.components();
            if (cs.size() < 2 || cs.get(1).protocol() != MultiaddrProtocol.TCP) {
                continue;
            }
            int p = Integer.parseInt(cs.get(1).valueText());
            if (port == null) {
                port = p;
            }
            MultiaddrProtocol family = cs.get(0).protocol();
            if (p == port && (family == MultiaddrProtocol.IP4 || family == MultiaddrProtocol.IP6)) {
                InetAddress ip = literal(cs.get(0).valueText());
                if (!ip.isAnyLocalAddress()) {
                    out.add(family == MultiaddrProtocol.IP4 ? new ARecord(host, DClass.IN, ttl, ip)
                            : new AAAARecord(host, DClass.IN, ttl, ip));
                }
            }
        }
        if (port == null) {
            throw new DiscoveryException(Kind.DNS, "nothing to announce: none of our addresses " + self.addresses()
                    + " is a TCP address for the SRV record");
        }
        out.add(0, new SRVRecord(settings.srvName(zone), DClass.IN, ttl, 10, 10, port, host));
        List<String> txt = new ArrayList<>();
        txt.add("peer_id=" + self.id().toBase58());
        self.addresses().stream().limit(PeerTxt.MAX_ADDRESSES).forEach(a -> txt.add("addr=" + a));
        self.protocols().stream().sorted().limit(PeerTxt.MAX_PROTOCOLS).forEach(p -> txt.add("protocol=" + p));
        out.add(new TXTRecord(DnsSettings.concat(SrvLookup.PEER_LABEL, host), DClass.IN, ttl, txt));
        return out;
    }

    /** Replaces our host's records with {@code self}'s and adds our SRV. */
    CompletableFuture<List<Record>> publish(PeerInfo self) {
        List<Record> records;
        try {
            records = recordsFor(self);
        } catch (DiscoveryException e) {
            return CompletableFuture.failedFuture(e);
        }
        Update u = new Update(update.zone());
        List<Record> previous = published;
        previous.stream().filter(r -> r.getType() == Type.SRV && !records.contains(r)).forEach(u::delete);
        for (Record r : records) {
            if (r.getType() != Type.SRV) {
                u.delete(r.getName(), r.getType());
            }
        }
        // A and AAAA of our host: both types are replaced even when only one is announced now.
        Name host = ((SRVRecord) records.get(0)).getTarget();
        u.delete(host, Type.A);
        u.delete(host, Type.AAAA);
        records.forEach(u::add);
        return send(u, "publish").thenApply(v -> {
            published = List.copyOf(records);
            return published;
        });
    }

    /** Removes what {@link #publish} added; nothing to do when nothing was published. */
    CompletableFuture<Void> withdraw() {
        List<Record> records = published;
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Update u = new Update(update.zone());
        for (Record r : records) {
            if (r.getType() == Type.SRV) {
                u.delete(r);
            } else {
                u.delete(r.getName(), r.getType());
            }
        }
        return send(u, "withdraw").thenApply(v -> {
            published = List.of();
            return null;
        });
    }

    List<Record> published() {
        return published;
    }

    private CompletableFuture<Void> send(Update u, String what) {
        SimpleResolver r = ResolverFactory.simple(update.server(), settings.timeout());
        r.setTSIGKey(new TSIG(update.algorithm(), update.keyName(), update.secret()));
        r.setTCP(true); // updates are small, but TCP spares us a lost datagram with no retry
        return r.sendAsync(u, executor).toCompletableFuture()
                .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((Message response, Throwable e) -> {
                    if (e != null) {
                        throw new java.util.concurrent.CompletionException(
                                DnsFailures.of(e, "dynamic update (" + what + ") to " + update.server()));
                    }
                    if (response.getRcode() != Rcode.NOERROR) {
                        throw new java.util.concurrent.CompletionException(new DiscoveryException(Kind.DNS,
                                "dynamic update (" + what + ") refused by " + update.server() + ": "
                                        + Rcode.string(response.getRcode())
                                        + (response.isSigned() && !response.isVerified() ? " (TSIG not verified)" : "")));
                    }
                    return null;
                });
    }

    private static InetAddress literal(String text) throws DiscoveryException {
        try {
            return InetAddress.getByName(text); // a literal from a parsed multiaddr: no lookup happens
        } catch (UnknownHostException e) {
            throw new DiscoveryException(Kind.DNS, "bad address " + text + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return update + (published.isEmpty() ? ", nothing published" : ", published " + published.size() + " records");
    }
}

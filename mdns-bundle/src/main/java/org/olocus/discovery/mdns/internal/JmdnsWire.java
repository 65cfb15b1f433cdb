package org.olocus.discovery.mdns.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.DNSCache;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.DNSOutgoing;
import javax.jmdns.impl.DNSQuestion;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.constants.DNSRecordClass;
import javax.jmdns.impl.constants.DNSRecordType;

/**
 * The only class that reaches into JmDNS's implementation ({@code javax.jmdns.impl}), for four things its public
 * API lacks. The JmDNS copy is embedded in this bundle and pinned to 3.6.5, so these calls cannot drift.
 * <ul>
 * <li>send a PTR query at once: JmDNS's own browser waits 225 ms before its first query;</li>
 * <li>read every TXT record of an instance: libp2p puts one {@code dnsaddr} per TXT record and JmDNS's
 * {@link ServiceInfo} keeps only the last;</li>
 * <li>see a goodbye (TTL 0) at once: JmDNS keeps the record one more second and only tells its listeners when its
 * reaper runs, every 10 s;</li>
 * <li>re-announce our records on demand (the {@code mdns:announce} command).</li>
 * </ul>
 */
final class JmdnsWire {
    private JmdnsWire() {
    }

    /** Multicasts {@code <type> PTR?} now. */
    static void query(JmDNS jmdns, String type) throws IOException {
        DNSOutgoing out = new DNSOutgoing(DNSConstants.FLAGS_QR_QUERY);
        out.addQuestion(DNSQuestion.newQuestion(type, DNSRecordType.TYPE_PTR, DNSRecordClass.CLASS_IN,
                DNSRecordClass.NOT_UNIQUE));
        impl(jmdns).send(out);
    }

    /** The rdata of every live TXT record cached for {@code qualifiedName} (at most {@code max}). */
    static List<byte[]> cachedTexts(JmDNS jmdns, String qualifiedName, int max) {
        long now = System.currentTimeMillis();
        List<byte[]> out = new ArrayList<>();
        for (DNSEntry e : impl(jmdns).getCache().getDNSEntryList(qualifiedName, DNSRecordType.TYPE_TXT,
                DNSRecordClass.CLASS_ANY)) {
            if (out.size() >= max) {
                break;
            }
            if (e instanceof DNSRecord r && !r.isExpired(now) && r.getTTL() > DNSConstants.RECORD_EXPIRY_DELAY) {
                ServiceInfo info = r.getServiceInfo(false);
                if (info != null && info.getTextBytes() != null) {
                    out.add(info.getTextBytes());
                }
            }
        }
        return out;
    }

    /**
     * Whether the PTR record {@code type → qualifiedName} is still cached and alive: false once it expired or a
     * goodbye (TTL 0) marked it to expire.
     */
    static boolean pointerAlive(JmDNS jmdns, String type, String qualifiedName) {
        DNSCache cache = impl(jmdns).getCache();
        DNSEntry e = cache.getDNSEntry(new DNSRecord.Pointer(type, DNSRecordClass.CLASS_ANY, false, 0,
                qualifiedName));
        return e instanceof DNSRecord r && !r.isExpired(System.currentTimeMillis())
                && r.getTTL() > DNSConstants.RECORD_EXPIRY_DELAY;
    }

    /** Multicasts our host and service records now, with the TTL of announcements. */
    static int announce(JmDNS jmdns, int ttl) throws IOException {
        JmDNSImpl dns = impl(jmdns);
        int sent = 0;
        for (ServiceInfo info : dns.getServices().values()) {
            DNSOutgoing out = new DNSOutgoing(DNSConstants.FLAGS_QR_RESPONSE | DNSConstants.FLAGS_AA);
            for (DNSRecord r : ((ServiceInfoImpl) info).answers(DNSRecordClass.CLASS_ANY, DNSRecordClass.UNIQUE,
                    ttl, dns.getLocalHost())) {
                out.addAnswer(r, 0);
            }
            for (DNSRecord r : dns.getLocalHost().answers(DNSRecordClass.CLASS_ANY, DNSRecordClass.UNIQUE, ttl)) {
                out.addAnswer(r, 0);
            }
            dns.send(out);
            sent++;
        }
        return sent;
    }

    private static JmDNSImpl impl(JmDNS jmdns) {
        return (JmDNSImpl) jmdns;
    }
}

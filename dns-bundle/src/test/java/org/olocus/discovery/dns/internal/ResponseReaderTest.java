package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.DiscoveryException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseReaderTest {
    private static final Name A = Name.fromConstantString("a.olocus.test.");
    private static final Name B = Name.fromConstantString("b.olocus.test.");
    private static final Name ZONE = Name.fromConstantString("olocus.test.");

    private static Message response(int rcode, Record... answers) {
        Message m = Message.newQuery(Record.newRecord(A, Type.A, DClass.IN));
        m.getHeader().setRcode(rcode);
        for (Record r : answers) {
            m.addRecord(r, r instanceof SOARecord ? Section.AUTHORITY : Section.ANSWER);
        }
        return m;
    }

    private static ARecord a(Name name, long ttl, int last) throws Exception {
        return new ARecord(name, DClass.IN, ttl, InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}));
    }

    private static SOARecord soa(long ttl, long minimum) {
        return new SOARecord(ZONE, DClass.IN, ttl, Name.fromConstantString("ns.olocus.test."),
                Name.fromConstantString("h.olocus.test."), 1, 3600, 600, 86400, minimum);
    }

    private static DnsAnswer complete(ResponseReader.Result r) {
        return assertInstanceOf(ResponseReader.Complete.class, r).answer();
    }

    @Test
    void theTtlIsTheSmallestOfTheChainCappedByCacheTtl() throws Exception {
        Message m = response(Rcode.NOERROR, new CNAMERecord(A, DClass.IN, 40, B), a(B, 100, 1), a(B, 50, 2));
        DnsAnswer answer = complete(ResponseReader.read(m, A, Type.A, 300, 0));
        assertEquals(2, answer.records().size());
        assertEquals(List.of(A), answer.aliases());
        assertEquals(40, answer.ttlSeconds());
        assertEquals(10, complete(ResponseReader.read(m, A, Type.A, 10, 0)).ttlSeconds());
    }

    @Test
    void negativeAnswersUseTheSoaMinimumAndNoSoaMeansNoCaching() throws Exception {
        DnsAnswer nx = complete(ResponseReader.read(response(Rcode.NXDOMAIN, soa(3600, 30)), A, Type.A, 300, 0));
        assertEquals(DnsAnswer.Outcome.NX_DOMAIN, nx.outcome());
        assertEquals(30, nx.ttlSeconds());
        DnsAnswer nodata = complete(ResponseReader.read(response(Rcode.NOERROR, soa(20, 600)), A, Type.A, 300, 0));
        assertEquals(DnsAnswer.Outcome.NO_DATA, nodata.outcome());
        assertEquals(20, nodata.ttlSeconds());
        assertEquals(0, complete(ResponseReader.read(response(Rcode.NXDOMAIN), A, Type.A, 300, 0)).ttlSeconds());
    }

    @Test
    void aCnameLeavingTheResponseIsFollowedSeparately() throws Exception {
        ResponseReader.Result r = ResponseReader.read(response(Rcode.NOERROR, new CNAMERecord(A, DClass.IN, 60,
                Name.fromConstantString("elsewhere.example."))), A, Type.A, 300, 0);
        ResponseReader.FollowCname f = assertInstanceOf(ResponseReader.FollowCname.class, r);
        assertEquals(Name.fromConstantString("elsewhere.example."), f.next());
        assertEquals(60, f.ttl());
    }

    @Test
    void cnameLoopsAndErrorCodesAreFailures() throws Exception {
        Message loop = response(Rcode.NOERROR, new CNAMERecord(A, DClass.IN, 60, B), new CNAMERecord(B, DClass.IN, 60, A));
        assertEquals(DiscoveryException.Kind.INVALID_DNS_RECORD, assertThrows(DiscoveryException.class,
                () -> ResponseReader.read(loop, A, Type.A, 300, 0)).kind());
        DiscoveryException servfail = assertThrows(DiscoveryException.class,
                () -> ResponseReader.read(response(Rcode.SERVFAIL), A, Type.A, 300, 0));
        assertEquals(DiscoveryException.Kind.DNS, servfail.kind());
        assertEquals("DNS: SERVFAIL for a.olocus.test. A", servfail.getMessage());
        assertThrows(DiscoveryException.class, () -> ResponseReader.read(response(Rcode.REFUSED), A, Type.A, 300, 0));
    }

    @Test
    void anOversizedAnswerIsCutAtTheLimitAndCounted() throws Exception {
        Message m = response(Rcode.NOERROR);
        for (int i = 0; i < 100; i++) {
            m.addRecord(a(A, 60, i), Section.ANSWER);
        }
        DnsAnswer answer = complete(ResponseReader.read(m, A, Type.A, 300, 0));
        assertEquals(ResponseReader.MAX_RECORDS, answer.records().size());
        assertEquals(100 - ResponseReader.MAX_RECORDS, answer.overLimit());
    }
}

package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

class SrvOrderTest {
    private static final Name OWNER = Name.fromConstantString("_olocus._tcp.olocus.test.");

    private static SRVRecord srv(int priority, int weight, String target) {
        return new SRVRecord(OWNER, DClass.IN, 60, priority, weight, 4001, Name.fromConstantString(target + ".olocus.test."));
    }

    @Test
    void lowerPriorityAlwaysComesFirst() {
        List<SRVRecord> records = List.of(srv(30, 100, "c"), srv(10, 0, "a"), srv(20, 5, "b"));
        List<SRVRecord> ordered = SrvOrder.order(records, new SplittableRandom(1));
        assertEquals(List.of(10, 20, 30), ordered.stream().map(SRVRecord::getPriority).toList());
    }

    @Test
    void withinAPriorityTheWeightSetsHowOftenATargetComesFirst() {
        List<SRVRecord> records = List.of(srv(10, 60, "heavy"), srv(10, 20, "light"), srv(10, 20, "light2"),
                srv(10, 0, "zero"));
        Map<String, Integer> first = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        int rounds = 20_000;
        for (int i = 0; i < rounds; i++) {
            String t = SrvOrder.order(records, random).get(0).getTarget().getLabelString(0);
            first.merge(t, 1, Integer::sum);
        }
        // Expected shares of first place: 60/101, 20/101, 20/101 and 1/101 for weight 0 (RFC 2782's running sum).
        assertEquals(0.594, first.get("heavy") / (double) rounds, 0.02);
        assertEquals(0.198, first.get("light") / (double) rounds, 0.02);
        assertTrue(first.getOrDefault("zero", 0) < rounds * 0.03, first.toString());
    }

    @Test
    void aLoneDotTargetMeansTheServiceIsDeclined() {
        SRVRecord dot = new SRVRecord(OWNER, DClass.IN, 60, 0, 0, 0, Name.root);
        assertTrue(SrvOrder.serviceDeclined(List.of(dot)));
        assertEquals(List.of(), SrvOrder.order(List.of(dot), new SplittableRandom(1)));
    }
}
